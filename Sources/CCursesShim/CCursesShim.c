#include "CCursesShim.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

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
int merle_colors(void) { return COLORS; }
int merle_color_pairs(void) { return COLOR_PAIRS; }
int merle_escdelay(void) { return ESCDELAY; }

unsigned long merle_mouse_all_events(void) { return ALL_MOUSE_EVENTS; }
unsigned long merle_mouse_button1_press(void) { return BUTTON1_PRESSED; }
unsigned long merle_mouse_button1_click(void) { return BUTTON1_CLICKED; }
unsigned long merle_mouse_button3_press(void) { return BUTTON3_PRESSED | BUTTON3_CLICKED; }
unsigned long merle_mouse_wheel_up(void) { return BUTTON4_PRESSED; }
#if NCURSES_MOUSE_VERSION > 1
unsigned long merle_mouse_wheel_down(void) { return BUTTON5_PRESSED; }
#else
unsigned long merle_mouse_wheel_down(void) { return 0; }
#endif

int merle_get_mouse(int *y, int *x, unsigned long *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *y = event.y;
    *x = event.x;
    *state = (unsigned long)event.bstate;
    return 0;
}

// Set while curses owns the terminal. Signal handlers read it, hence sig_atomic_t.
static volatile sig_atomic_t curses_active = 0;

int merle_start_curses(void) {
    if (initscr() == NULL) return -1;
    curses_active = 1;
    // raw: Ctrl-C, Ctrl-Z, Ctrl-Q and Ctrl-S arrive as keys, so the UI decides what they do.
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    meta(stdscr, TRUE);
    curs_set(0);
    // A short ESC delay keeps Alt+x and a lone Escape both usable.
    set_escdelay(25);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON3_PRESSED | BUTTON4_PRESSED
#if NCURSES_MOUSE_VERSION > 1
              | BUTTON5_PRESSED
#endif
              , NULL);
    mouseinterval(0);
    // Until a screen has once been left and resumed, ncurses flushes its output after
    // every cursor move (for low-level terminfo callers, while _endwin is ewInitial): a
    // redraw went out in dozens of writes of 10-20 bytes, each one a wake-up of the
    // terminal. Leaving and resuming once, before anything is drawn, makes a redraw one
    // write, as it is in a curses program that has once run a shell.
    def_prog_mode();
    endwin();
    refresh();
    return 0;
}

void merle_stop_curses(void) {
    if (curses_active) {
        curses_active = 0;
        endwin();
    }
}

static const int restore_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
#define RESTORE_SIGNAL_COUNT (sizeof(restore_signals) / sizeof(restore_signals[0]))
static struct sigaction previous_actions[RESTORE_SIGNAL_COUNT];

static void restore_and_reraise(int sig) {
    // endwin is not strictly async-signal-safe, but leaving the terminal in raw mode
    // on the alternate screen is worse; every curses program makes this trade.
    merle_stop_curses();
    for (unsigned i = 0; i < RESTORE_SIGNAL_COUNT; i++) {
        if (restore_signals[i] == sig) {
            // Hand over to whoever was there before (the Swift backtracer, or the default).
            sigaction(sig, &previous_actions[i], NULL);
            break;
        }
    }
    raise(sig);
}

void merle_install_restore_handlers(void) {
    for (unsigned i = 0; i < RESTORE_SIGNAL_COUNT; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_and_reraise;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(restore_signals[i], &action, &previous_actions[i]);
    }
}

void merle_suspend(void) {
    struct sigaction previous, stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    def_prog_mode();
    endwin();
    sigaction(SIGTSTP, &stop, &previous);
    raise(SIGTSTP);
    // Execution continues here after SIGCONT.
    sigaction(SIGTSTP, &previous, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}

void merle_leave_for_program(void) {
    def_prog_mode();
    endwin();
}

void merle_resume_after_program(void) {
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}

int merle_put_wide(int y, int x, const wchar_t *text, int count, unsigned int attributes) {
    attrset(attributes);
    return mvaddnwstr(y, x, text, count);
}
