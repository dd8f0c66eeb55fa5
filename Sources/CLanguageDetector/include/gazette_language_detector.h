#ifndef GAZETTE_LANGUAGE_DETECTOR_H
#define GAZETTE_LANGUAGE_DETECTOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Detects the language of UTF-8 `text` with CLD2 (stateless and thread-safe):
/// the language most of the text is in. Writes its code (NUL-terminated, at most
/// `capacity` bytes) to `code` and returns 1 when CLD2 calls it reliable and it holds
/// at least `minimum_percent` of the text, 0 when not, -1 when no language is found.
int gazette_detect_language(const char *text, size_t length, int minimum_percent, char *code, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
