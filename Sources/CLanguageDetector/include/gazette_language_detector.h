#ifndef GAZETTE_LANGUAGE_DETECTOR_H
#define GAZETTE_LANGUAGE_DETECTOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Detects the language of UTF-8 `text` with CLD2 (stateless and thread-safe).
/// Writes the language's code (NUL-terminated, at most `capacity` bytes) to `code`
/// and returns 1 when CLD2 calls the answer reliable, 0 when not, -1 when unknown.
int gazette_detect_language(const char *text, size_t length, char *code, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
