#ifndef MERLE_COPENSSLSHIM_H
#define MERLE_COPENSSLSHIM_H
#include <openssl/ssl.h>

/// OpenSSL macros Swift cannot import, exposed as functions.
int merle_ssl_ctx_set_min_tls12(SSL_CTX *ctx);
int merle_ssl_set_sni(SSL *ssl, const char *name);
void merle_ssl_ctx_set_options(SSL_CTX *ctx);
void merle_ssl_ctx_set_partial_write(SSL_CTX *ctx);
/// Writes the SHA-256 digest of the peer certificate (DER) into out[32]; returns 1 on success.
int merle_peer_cert_sha256(SSL *ssl, unsigned char *out);
/// Describes the last verification failure of a handshake (X509_V_OK when none).
long merle_ssl_verify_result(SSL *ssl);
/// MD5 of a buffer into out[16] (only for POP3 APOP, RFC 1939 §7).
void merle_md5(const unsigned char *data, size_t length, unsigned char *out);
/// SHA-256 of a buffer into out[32].
void merle_sha256(const unsigned char *data, size_t length, unsigned char *out);
/// SHA-256 a piece at a time: begin (NULL when out of memory), update, then finish,
/// which writes out[32] and frees the context.
void *merle_sha256_begin(void);
void merle_sha256_update(void *context, const unsigned char *data, size_t length);
void merle_sha256_finish(void *context, unsigned char *out);
#endif
