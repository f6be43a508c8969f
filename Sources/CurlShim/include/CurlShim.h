#ifndef CURL_SHIM_H
#define CURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt is variadic, which Swift cannot call: one typed wrapper per argument kind. */
CURLcode notices_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode notices_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode notices_curl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode notices_curl_set_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));
CURLcode notices_curl_set_write_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));
CURLcode notices_curl_response_code(CURL *handle, long *code);

#endif
