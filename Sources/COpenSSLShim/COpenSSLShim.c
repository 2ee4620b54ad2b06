#include "COpenSSLShim.h"
#include <openssl/x509.h>
#include <openssl/evp.h>

int merle_ssl_ctx_set_min_tls12(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

int merle_ssl_set_sni(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

void merle_ssl_ctx_set_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
}

void merle_ssl_ctx_set_partial_write(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_AUTO_RETRY);
}

int merle_peer_cert_sha256(SSL *ssl, unsigned char *out) {
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert == NULL) return 0;
    unsigned int len = 0;
    int ok = X509_digest(cert, EVP_sha256(), out, &len);
    X509_free(cert);
    return ok == 1 && len == 32;
}

long merle_ssl_verify_result(SSL *ssl) {
    return SSL_get_verify_result(ssl);
}

void merle_sha256(const unsigned char *data, size_t length, unsigned char *out) {
    unsigned int size = 0;
    EVP_Digest(data, length, out, &size, EVP_sha256(), NULL);
}

void *merle_sha256_begin(void) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context != NULL && EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(context);
        return NULL;
    }
    return context;
}

void merle_sha256_update(void *context, const unsigned char *data, size_t length) {
    EVP_DigestUpdate((EVP_MD_CTX *)context, data, length);
}

void merle_sha256_finish(void *context, unsigned char *out) {
    unsigned int size = 0;
    EVP_DigestFinal_ex((EVP_MD_CTX *)context, out, &size);
    EVP_MD_CTX_free((EVP_MD_CTX *)context);
}

void merle_md5(const unsigned char *data, size_t length, unsigned char *out) {
    unsigned int size = 0;
    EVP_Digest(data, length, out, &size, EVP_md5(), NULL);
}
