/// The terminal layer: screens, keys, styles and display width. Knows nothing about mail.
public enum Terminal {}
