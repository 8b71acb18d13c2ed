//! Text from outside (the server's error messages, record values and ids, the input
//! file) made safe to print: a terminal must never act on what a server or file says.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character written as a visible escape (`\u{1b}`, `\n`, ...):
/// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text
/// (bidirectional overrides and isolates, zero-width characters). An escape sequence such
/// as `ESC[2J` thus prints as `\u{1b}[2J` instead of clearing the screen, and a newline
/// cannot start a fake line of the summary.
///
/// Hand-written: crates such as `strip-ansi-escapes` remove ANSI sequences (hiding that
/// there were any) and leave other controls and bidi overrides alone.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(safe, "{}", c.escape_default());
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// Whether printing `c` as is could make a terminal do something or hide text.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn escapes_and_controls_become_visible_and_the_rest_is_untouched() {
        assert_eq!(
            printable("\u{1b}[2J\u{1b}[32mall synced\u{1b}[0m"),
            "\\u{1b}[2J\\u{1b}[32mall synced\\u{1b}[0m"
        );
        assert_eq!(printable("a\nb\tc\r\u{7f}"), "a\\nb\\tc\\r\\u{7f}");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m", "C1 CSI");
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert!(matches!(
            printable("Zoë <zoe@acme.io> 日本"),
            std::borrow::Cow::Borrowed("Zoë <zoe@acme.io> 日本")
        ));
    }
}
