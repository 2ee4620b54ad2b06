#ifndef MERLE_CZLIBSHIM_H
#define MERLE_CZLIBSHIM_H
#include <zlib.h>

/// Raw deflate (no zlib header), as IMAP COMPRESS=DEFLATE (RFC 4978) requires.
int merle_deflate_init_raw(z_stream *stream, int level);
/// Raw inflate (no zlib header).
int merle_inflate_init_raw(z_stream *stream);
#endif
