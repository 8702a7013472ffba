//! Formatting through fdl-fmt, as the smallest edit that turns the text into the result.

use fdl_fmt::{FormatError, Options};
use fdl_syntax::Span;

use crate::{Analysis, Edit};

fn message(e: FormatError) -> String {
    match e {
        FormatError::Syntax => {
            "the flow has YAML syntax errors: fix them first (they are listed with the other problems), then format".to_string()
        }
        e @ FormatError::Guard(_) => e.to_string(),
    }
}

pub(crate) fn format(a: &Analysis, options: &Options) -> Result<Option<Vec<Edit>>, String> {
    let text = a.text();
    let formatted = fdl_fmt::format(text, options).map_err(message)?;
    Ok(minimal_edit(text, Span::new(0, text.len()), &formatted).map(|e| vec![e]))
}

pub(crate) fn format_range(
    a: &Analysis,
    range: Span,
    options: &Options,
) -> Result<Option<Vec<Edit>>, String> {
    let text = a.text();
    let Some(r) = fdl_fmt::format_range(text, range.range(), options).map_err(message)? else {
        return Ok(None);
    };
    let (start, end) = (r.range.start, r.range.end);
    if start > end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return Err("the formatter returned a range outside the document".to_string());
    }
    Ok(minimal_edit(text, Span::new(start, end), &r.text).map(|e| vec![e]))
}

/// The one edit replacing only what differs between `text[span]` and `new` (common prefix
/// and suffix kept, on char boundaries), so the editor keeps the cursor and folds in place.
/// `None` when nothing differs.
fn minimal_edit(text: &str, span: Span, new: &str) -> Option<Edit> {
    let old = &text[span.range()];
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    Some(Edit {
        span: Span::new(span.start + prefix, span.end - suffix),
        replacement: new[prefix..new.len() - suffix].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::minimal_edit;
    use fdl_syntax::Span;

    fn apply(text: &str, span: Span, new: &str) -> String {
        match minimal_edit(text, span, new) {
            None => text.to_string(),
            Some(e) => format!(
                "{}{}{}",
                &text[..e.span.start],
                e.replacement,
                &text[e.span.end..]
            ),
        }
    }

    #[test]
    fn minimal_edits() {
        for (old, new) in [
            ("a:  1\nb: 2\n", "a: 1\nb: 2\n"),
            ("x", "xx"),
            ("xx", "x"),
            ("名前: 一\n", "名前: 二\n"),
            ("é", "è"),
            ("", "a"),
            ("abc", "abc"),
        ] {
            let span = Span::new(0, old.len());
            assert_eq!(apply(old, span, new), new, "{old:?} -> {new:?}");
        }
        assert_eq!(minimal_edit("abc", Span::new(0, 3), "abc"), None);
        let e = minimal_edit("a:  1\nb: 2\n", Span::new(0, 11), "a: 1\nb: 2\n").unwrap();
        assert_eq!((e.span, e.replacement.as_str()), (Span::new(3, 4), ""));
    }
}
