//! Label text: one line, shortened, and escaped for each output language.

/// The text on one line: runs of whitespace (line breaks included) become one space, and
/// control characters become U+FFFD so no output can be broken by them.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .map(|c| if c.is_control() { '\u{fffd}' } else { c }),
        );
    }
    out
}

/// At most `max` characters, ending with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= max {
        return text;
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Text inside a double-quoted Mermaid label: Mermaid's `#code;` entities for the characters
/// that end or reinterpret the label.
pub fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a double-quoted DOT string.
pub fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text in XML content or a double-quoted attribute.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_keeps_short_text_and_cuts_long_text() {
        assert_eq!(shorten("$.a ==  1", 30), "$.a == 1");
        let long = shorten("$.status == \"Failed\" || $.status == \"Stopped\"", 30);
        assert_eq!(long.chars().count(), 30);
        assert!(long.ends_with('…'));
        assert_eq!(shorten("名前名前名前", 4), "名前名…");
    }

    #[test]
    fn one_line_removes_breaks_and_control_characters() {
        assert_eq!(one_line(" a\n b\tc\u{1b}d "), "a b c\u{fffd}d");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            mermaid(r#"a "b" #[c] <d>"#),
            "a #quot;b#quot; #35;[c] #lt;d#gt;"
        );
        assert_eq!(dot(r#"a "b" \n"#), r#"a \"b\" \\n"#);
        assert_eq!(xml("<a & 'b'>"), "&lt;a &amp; &apos;b&apos;&gt;");
    }
}
