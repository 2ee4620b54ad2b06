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
/// The C globals COLORS, COLOR_PAIRS and ESCDELAY (Swift 6 rejects direct use).
int merle_colors(void);
int merle_color_pairs(void);
int merle_escdelay(void);

/// Mouse masks (NCURSES_MOUSE_MASK is a function-like macro).
unsigned long merle_mouse_all_events(void);
unsigned long merle_mouse_button1_press(void);
unsigned long merle_mouse_button1_click(void);
unsigned long merle_mouse_button3_press(void);
unsigned long merle_mouse_wheel_up(void);
unsigned long merle_mouse_wheel_down(void);
/// Reads the pending mouse event; returns 0 on success and fills y, x and the button state.
int merle_get_mouse(int *y, int *x, unsigned long *state);

/// Switches the terminal to the program's mode: ncurses' own setup plus raw keys.
/// Returns 0 on success, -1 when the terminal cannot be initialised.
int merle_start_curses(void);
/// Leaves curses mode (endwin) once; safe to call more than once.
void merle_stop_curses(void);
/// Installs handlers that restore the terminal on SIGINT, SIGTERM, SIGHUP, SIGQUIT and
/// the crash signals, then let the signal take its usual course.
void merle_install_restore_handlers(void);
/// Ctrl-Z: restores the terminal, stops the process, and takes the terminal back on SIGCONT.
void merle_suspend(void);
/// Restores the terminal for an external program (e.g. $EDITOR); call merle_resume_after_program after.
void merle_leave_for_program(void);
void merle_resume_after_program(void);
/// Writes a wide string at a position with attributes; returns the curses result.
int merle_put_wide(int y, int x, const wchar_t *text, int count, unsigned int attributes);
#endif
