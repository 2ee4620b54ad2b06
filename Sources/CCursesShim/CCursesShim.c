#include "CCursesShim.h"

unsigned int merle_attr_bold(void) { return A_BOLD; }
unsigned int merle_attr_underline(void) { return A_UNDERLINE; }
unsigned int merle_attr_reverse(void) { return A_REVERSE; }
unsigned int merle_attr_dim(void) { return A_DIM; }
unsigned int merle_attr_italic(void) { return A_ITALIC; }
unsigned int merle_color_pair(int pair) { return COLOR_PAIR(pair); }
int merle_key_f(int n) { return KEY_F(n); }
int merle_lines(void) { return LINES; }
int merle_cols(void) { return COLS; }
WINDOW *merle_stdscr(void) { return stdscr; }
