/// The full-screen mail interface: app state, views, keymap and themes.
public enum MailUI {}
