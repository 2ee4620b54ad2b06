#ifndef MERLE_CZLIB_SHIM_H
#define MERLE_CZLIB_SHIM_H
#include <zlib.h>
#endif
