#ifndef MERLE_CNCURSESW_SHIM_H
#define MERLE_CNCURSESW_SHIM_H
// The wide-character API (get_wch, cchar_t, mvaddnwstr) is only declared with these.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#endif
