#ifndef MERLE_CCURSESSHIM_H
#define MERLE_CCURSESSHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

/// Attribute and key macros Swift cannot import, exposed as functions.
unsigned int merle_attr_bold(void);
unsigned int merle_attr_underline(void);
unsigned int merle_attr_reverse(void);
unsigned int merle_attr_dim(void);
unsigned int merle_attr_italic(void);
unsigned int merle_color_pair(int pair);
int merle_key_f(int n);
int merle_lines(void);
int merle_cols(void);
WINDOW *merle_stdscr(void);
#endif
