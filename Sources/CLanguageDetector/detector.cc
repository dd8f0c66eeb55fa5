// A C face for CLD2 (Chrome's Compact Language Detector 2, Debian libcld2-dev),
// whose API is C++ only, so that Swift can call it.
#include <cstdio>
#include <cstring>
#include <cld2/public/compact_lang_det.h>
#include "gazette_language_detector.h"

extern "C" int gazette_detect_language(const char *text, size_t length, char *code, size_t capacity) {
    if (capacity == 0) return -1;
    code[0] = 0;
    if (text == nullptr || length == 0) return -1;
    bool reliable = false;
    CLD2::Language language = CLD2::DetectLanguage(text, static_cast<int>(length), true, &reliable);
    if (language == CLD2::UNKNOWN_LANGUAGE) return -1;
    const char *name = CLD2::LanguageCode(language);
    if (name == nullptr) return -1;
    std::snprintf(code, capacity, "%s", name);
    return reliable ? 1 : 0;
}
