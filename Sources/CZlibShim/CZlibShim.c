#include "CZlibShim.h"

int merle_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

int merle_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}
