//! Checks shared by the formatter's tests. The YAML data comparison here is written apart from
//! the formatter's own guard, so that a bug in one is caught by the other.

#![allow(dead_code)]

pub mod mutate;

use fdl_fmt::{FormatError, Options};

/// SplitMix64, for reproducible variations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
use fdl_syntax::{CoreValue, Node, NodeKind, SyntaxErrorKind};

/// The YAML data of a node: scalars by resolved value and tag, mappings as lists of pairs
/// (sorted when key order does not matter).
#[derive(Clone, PartialEq, Debug)]
pub enum Data {
    Null,
    Bool(bool),
    Int(i64),
    Float(String),
    Str(String),
    Tagged(String, Box<Data>),
    Seq(Vec<Data>),
    Map(Vec<(Data, Data)>),
    Invalid,
}

pub fn data(node: &Node, ordered: bool) -> Data {
    let plain = match &node.kind {
        NodeKind::Scalar(_) => match node.core_value() {
            Some(CoreValue::Null) => Data::Null,
            Some(CoreValue::Bool(b)) => Data::Bool(b),
            Some(CoreValue::Int(i)) => Data::Int(i),
            Some(CoreValue::Float(f)) if f.is_nan() => Data::Float("nan".into()),
            Some(CoreValue::Float(f)) => Data::Float(format!("{f:e}")),
            Some(CoreValue::Str(s)) => Data::Str(s.to_string()),
            None => Data::Invalid,
        },
        NodeKind::Sequence(items) => Data::Seq(items.iter().map(|i| data(i, ordered)).collect()),
        NodeKind::Mapping(entries) => {
            let mut pairs: Vec<(Data, Data)> = entries
                .iter()
                .map(|e| (data(&e.key, ordered), data(&e.value, ordered)))
                .collect();
            if !ordered {
                pairs.sort_by_key(|p| format!("{:?}", p.0));
            }
            Data::Map(pairs)
        }
        NodeKind::Error => Data::Invalid,
    };
    match node.tag.as_deref() {
        Some(t) => Data::Tagged(t.to_string(), Box::new(plain)),
        _ => plain,
    }
}

/// The data of a whole text (`None` for an empty document).
pub fn text_data(text: &str, ordered: bool) -> Option<Data> {
    fdl_syntax::parse(text).root.map(|r| data(&r, ordered))
}

/// True when the YAML layer reports an error that makes the formatter refuse the text.
pub fn has_syntax_errors(text: &str) -> bool {
    fdl_syntax::parse(text).errors.iter().any(|e| {
        !matches!(
            e.kind,
            SyntaxErrorKind::MergeKey | SyntaxErrorKind::MultipleDocuments
        )
    })
}

/// Formats `text` and checks every promise of the formatter on the result; returns the
/// formatted text. `Err` describes the first broken promise.
pub fn format_checked(text: &str, options: &Options) -> Result<String, String> {
    let out = match fdl_fmt::format(text, options) {
        Ok(out) => out,
        Err(FormatError::Syntax) if has_syntax_errors(text) => return Ok(text.to_string()),
        Err(e) => return Err(format!("format failed: {e:?}")),
    };
    check_output(text, &out, options)?;
    Ok(out)
}

/// The promises of `format`: same data, same comments, formats to itself, clean lines.
pub fn check_output(text: &str, out: &str, options: &Options) -> Result<(), String> {
    // A lone `\r` is a line break: compare with the text where it is one the YAML layer sees.
    let normal;
    let text = if text.replace("\r\n", "").contains('\r') {
        let nl = if text
            .find('\n')
            .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
        {
            "\r\n"
        } else {
            "\n"
        };
        normal = text
            .replace("\r\n", "\u{0}")
            .replace('\r', nl)
            .replace('\u{0}', "\r\n");
        normal.as_str()
    } else {
        text
    };
    let ordered = !options.reorder_keys;
    if text_data(text, ordered) != text_data(out, ordered) {
        return Err("the YAML data changed".to_string());
    }
    let before = fdl_syntax::parse(text).comments.len();
    let after = fdl_syntax::parse(out).comments.len();
    if before != after {
        return Err(format!("{before} comments became {after}"));
    }
    match fdl_fmt::format(out, options) {
        Ok(again) if again == out => {}
        Ok(again) => {
            let line = out
                .lines()
                .zip(again.lines())
                .position(|(a, b)| a != b)
                .map_or(0, |l| l + 1);
            return Err(format!(
                "formatting again changes the result, from line {line}:\n{again}"
            ));
        }
        Err(e) => return Err(format!("formatting the result failed: {e:?}")),
    }
    if out == text {
        // Already formatted, or a document kept as written (a root block scalar).
        return Ok(());
    }
    // Blank lines can be data (inside block scalars and multi-line scalars): two in a row
    // are allowed in the result only when the input has two in a row too.
    let input_lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches(['\r', ' ', '\t']))
        .collect();
    let input_has_blank_pairs = input_lines
        .windows(2)
        .any(|w| w[0].is_empty() && w[1].is_empty());
    let keeps_blank_lines = input_has_blank_pairs || text.contains("|+") || text.contains(">+");
    let crlf = text
        .find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r');
    // A second document is copied as written: only the first is checked.
    let second = fdl_syntax::parse(text)
        .errors
        .iter()
        .find(|e| e.kind == SyntaxErrorKind::MultipleDocuments)
        .map(|e| text[..e.span.start].rfind('\n').map_or(0, |i| i + 1));
    let first_doc_end = match second {
        Some(tail) if out.ends_with(&text[tail..]) => out.len() - (text.len() - tail),
        Some(_) => return Err("the second document was not kept as written".to_string()),
        None => out.len(),
    };
    let first = &out[..first_doc_end];
    if !first.is_empty() && !first.ends_with('\n') {
        return Err("the result does not end with a line break".to_string());
    }
    if first.ends_with("\n\n") && !keeps_blank_lines {
        return Err("the result ends with a blank line".to_string());
    }
    if crlf && first.replace("\r\n", "").contains('\n') {
        return Err("a CRLF file got LF line breaks".to_string());
    }
    let normalised = first.replace("\r\n", "\n");
    if normalised.contains("\n\n\n") && !keeps_blank_lines && !text.contains("fdl-fmt") {
        return Err("two blank lines in a row".to_string());
    }
    for line in normalised.lines() {
        let trimmed = line.trim_end_matches([' ', '\t']);
        if trimmed.len() != line.len() {
            // Allowed only where the input has the same text: block scalar content, regions
            // left as written.
            // The last word and the white space after it, as in the input.
            let tail = |l: &str| {
                let t = l.trim_end_matches([' ', '\t']);
                let word = t.rsplit([' ', '\t']).next().unwrap_or("");
                l[t.len() - word.len()..].to_string()
            };
            let blank = |l: &str| !l.is_empty() && l.trim().is_empty();
            let kept = text
                .replace("\r\n", "\n")
                .lines()
                .any(|l| tail(l) == tail(line) || (blank(l) && blank(line)));
            if !kept {
                return Err(format!("trailing white space on {line:?}"));
            }
        }
    }
    Ok(())
}

/// Shows what snapshots would hide: a byte order mark and `\r` before line breaks.
pub fn visible(text: &str) -> String {
    text.replace('\u{feff}', "<BOM>").replace('\r', "␍")
}
