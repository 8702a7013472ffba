//! The YAML syntax tree: nodes with exact byte spans, decoded scalar values and YAML 1.2 core
//! schema resolution. Knows YAML, not FDL.

use std::fmt;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Span {
        Span { start: at, end: at }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How a scalar was written in the source.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
}

/// A scalar with its decoded value (escapes processed, lines folded).
#[derive(Clone, PartialEq, Debug)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
}

/// A `key: value` pair of a mapping.
#[derive(Clone, PartialEq, Debug)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, PartialEq, Debug)]
pub enum NodeKind {
    Scalar(Scalar),
    /// Entries in source order, then those merged in by `<<` keys (which keep the spans of
    /// the merged text).
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
    /// A node that could not be built (syntax error, depth or alias limit). Its span covers the
    /// text that was given up on, which may be empty.
    Error,
}

/// One node of the tree.
#[derive(Clone, PartialEq, Debug)]
pub struct Node {
    /// For scalars: from the first character of the scalar (the opening quote or the `|`/`>`
    /// indicator included) to the end of its last content character. For collections: from the
    /// first character of the collection (the `[`/`{`, or the first key or `-` of a block
    /// collection) to the end of its last content. Never includes a trailing comment or newline.
    /// For a node that came from an alias, the span of the `*alias` token.
    pub span: Span,
    pub kind: NodeKind,
    /// The tag written on the node, as written (`!Ref`, `!!str`), if any.
    pub tag: Option<String>,
    /// The anchor name written on the node (`&name`), if any.
    pub anchor: Option<String>,
    /// Set when this node is the expansion of an alias (`*name`): the span of the anchored node.
    pub alias_of: Option<Span>,
}

/// A YAML 1.2 core-schema reading of a plain scalar.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum CoreValue<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Node {
    pub fn new(span: Span, kind: NodeKind) -> Node {
        Node {
            span,
            kind,
            tag: None,
            anchor: None,
            alias_of: None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_error(&self) -> bool {
        matches!(self.kind, NodeKind::Error)
    }

    /// The decoded text of a scalar, whatever its type (`10` gives `"10"`).
    pub fn scalar_text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// The value of a mapping entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|e| &e.value)
    }
    pub fn get_entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .find(|e| e.key.scalar_text() == Some(key))
    }

    /// The core-schema value of a scalar: plain scalars resolve to null, booleans, integers
    /// and floats as in YAML 1.2; quoted and block scalars are strings. A core tag decides the
    /// type whatever the style: `!!str` gives a string, and `!!int`, `!!float`, `!!bool` and
    /// `!!null` (also written `!<tag:yaml.org,2002:int>`) read the text as that type, or give
    /// a string when the text is not one (`!!int abc`), so a type check reports it.
    pub fn core_value(&self) -> Option<CoreValue<'_>> {
        let scalar = self.as_scalar()?;
        let text = scalar.value.as_str();
        let plain = scalar.style == ScalarStyle::Plain;
        let value = match self.tag.as_deref().and_then(core_tag) {
            Some("str") => CoreValue::Str(text),
            Some("int") => match resolve_plain(text) {
                v @ CoreValue::Int(_) => v,
                // Too large for i64, as for a plain scalar.
                v @ CoreValue::Float(_) if is_int_text(text) => v,
                _ => CoreValue::Str(text),
            },
            Some("float") => match resolve_plain(text) {
                CoreValue::Int(i) => CoreValue::Float(i as f64),
                v @ CoreValue::Float(_) => v,
                _ => CoreValue::Str(text),
            },
            Some("bool") => match resolve_plain(text) {
                v @ CoreValue::Bool(_) => v,
                _ => CoreValue::Str(text),
            },
            Some("null") => match resolve_plain(text) {
                v @ CoreValue::Null => v,
                _ => CoreValue::Str(text),
            },
            _ if plain => resolve_plain(text),
            _ => CoreValue::Str(text),
        };
        Some(value)
    }

    /// A string value: a quoted or block scalar, or a plain scalar that the core schema reads
    /// as a string.
    pub fn as_str(&self) -> Option<&str> {
        match self.core_value()? {
            CoreValue::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.core_value()? {
            CoreValue::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self.core_value()? {
            CoreValue::Int(i) => Some(i),
            _ => None,
        }
    }
    /// A number: an integer or a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self.core_value()? {
            CoreValue::Int(i) => Some(i as f64),
            CoreValue::Float(f) => Some(f),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.core_value(), Some(CoreValue::Null))
    }

    /// A short name of the node's type for messages: "a string", "a list", ...
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Error => "invalid YAML",
            NodeKind::Scalar(_) => match self.core_value() {
                Some(CoreValue::Null) => "empty (null)",
                Some(CoreValue::Bool(_)) => "a boolean",
                Some(CoreValue::Int(_)) => "an integer",
                Some(CoreValue::Float(_)) => "a number",
                _ => "a string",
            },
        }
    }

    /// Maps a byte range of this scalar's decoded value to the source: the bytes that produced
    /// those characters, through escapes (`\"` is two bytes for one character), doubled
    /// quotes, line folding and block indentation. A character produced by folding a line
    /// break (a space or a line feed) maps to that line break. An empty range maps to an empty
    /// span before the character at its position. The whole `self.span` when the range is
    /// not within the value or not on character boundaries, for an alias, and when the
    /// source cannot be traced (it always can for valid input the parser decoded). Used to
    /// point at one character inside a condition string.
    pub fn value_to_source(&self, source: &str, value_range: std::ops::Range<usize>) -> Span {
        let Some(scalar) = self.as_scalar() else {
            return self.span;
        };
        let value = scalar.value.as_str();
        if self.alias_of.is_some()
            || value_range.start > value_range.end
            || value_range.end > value.len()
            || !value.is_char_boundary(value_range.start)
            || !value.is_char_boundary(value_range.end)
        {
            return self.span;
        }
        let Some(raw) = source.get(self.span.range()) else {
            return self.span;
        };
        // Most scalars are written as they read: offsets carry over.
        let inner = match scalar.style {
            ScalarStyle::Plain => Some((raw, 0)),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => raw
                .get(1..raw.len().saturating_sub(1))
                .filter(|_| raw.len() >= 2)
                .map(|inner| (inner, 1)),
            _ => None,
        };
        if let Some((inner, offset)) = inner
            && inner == value
            && !inner.contains(['\n', '\r'])
        {
            let base = self.span.start + offset;
            return Span::new(base + value_range.start, base + value_range.end);
        }
        let Some(pieces) = crate::source_map::trace(source, self.span, scalar.style, value) else {
            return self.span;
        };
        // The piece of the character that starts at `at`, or `None` at the end of the value.
        let piece = |at: usize| {
            let i = pieces.partition_point(|&(v, _)| v < at);
            pieces.get(i).filter(|&&(v, _)| v == at).map(|&(_, s)| s)
        };
        let start = match piece(value_range.start) {
            Some(s) => s.start,
            None => match pieces.last() {
                Some(&(_, last)) if value_range.start == value.len() => last.end,
                _ => return self.span,
            },
        };
        if value_range.is_empty() {
            return Span::empty(start);
        }
        // The last character of the range.
        let i = pieces.partition_point(|&(v, _)| v < value_range.end);
        match i.checked_sub(1).and_then(|i| pieces.get(i)) {
            Some(&(_, last)) => Span::new(start, last.end.max(start)),
            None => self.span,
        }
    }

    /// Visits this node and every node below it, keys included, parents before children.
    /// Iterative, so a deep tree cannot overflow the stack.
    pub fn walk(&self, mut visit: impl FnMut(&Node)) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            visit(node);
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    for e in entries.iter().rev() {
                        stack.push(&e.value);
                        stack.push(&e.key);
                    }
                }
                NodeKind::Sequence(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
    }
}

impl Drop for Node {
    // Dropping a deeply nested tree recursively could overflow the stack: take children out
    // iteratively instead.
    fn drop(&mut self) {
        let mut stack: Vec<NodeKind> = Vec::new();
        match std::mem::replace(&mut self.kind, NodeKind::Error) {
            NodeKind::Scalar(_) | NodeKind::Error => return,
            k => stack.push(k),
        }
        while let Some(kind) = stack.pop() {
            match kind {
                NodeKind::Mapping(entries) => {
                    for mut e in entries {
                        for n in [&mut e.key, &mut e.value] {
                            let k = std::mem::replace(&mut n.kind, NodeKind::Error);
                            if matches!(k, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                                stack.push(k);
                            }
                        }
                    }
                }
                NodeKind::Sequence(items) => {
                    for mut n in items {
                        let k = std::mem::replace(&mut n.kind, NodeKind::Error);
                        if matches!(k, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                            stack.push(k);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The name of a YAML core tag (`!!int` or `tag:yaml.org,2002:int`, verbatim or not): `"int"`.
fn core_tag(tag: &str) -> Option<&str> {
    let tag = tag
        .strip_prefix("!<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(tag);
    tag.strip_prefix("!!")
        .or_else(|| tag.strip_prefix("tag:yaml.org,2002:"))
}

/// Decimal integer text, with an optional sign.
fn is_int_text(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// True when `text` written as a plain scalar (unquoted, on one line) reads back as the same
/// string: nothing that starts an indicator, no `: ` or ` #`, no trailing `:` or white
/// space, no control character, and not a null, boolean or number.
pub fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !text.ends_with(char::is_whitespace)
        && !text.contains(": ")
        && !text.ends_with(':')
        && !text.contains(" #")
        && !text.contains(|c: char| c.is_control())
        && resolve_plain(text) == CoreValue::Str(text)
}

/// YAML 1.2 core schema resolution of a plain scalar.
pub fn resolve_plain(s: &str) -> CoreValue<'_> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return CoreValue::Null,
        "true" | "True" | "TRUE" => return CoreValue::Bool(true),
        "false" | "False" | "FALSE" => return CoreValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return CoreValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return CoreValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return CoreValue::Float(f64::NAN),
        _ => {}
    }
    let bytes = s.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return CoreValue::Str(s);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return i64::from_str_radix(hex, 16).map_or(CoreValue::Str(s), CoreValue::Int);
        }
        return CoreValue::Str(s);
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i64::from_str_radix(oct, 8).map_or(CoreValue::Str(s), CoreValue::Int);
        }
        return CoreValue::Str(s);
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<i64>() {
            Ok(i) => CoreValue::Int(i),
            // Too large for i64: still a number.
            Err(_) => s.parse::<f64>().map_or(CoreValue::Str(s), CoreValue::Float),
        };
    }
    if is_core_float(digits)
        && let Ok(f) = s.parse::<f64>()
    {
        return CoreValue::Float(f);
    }
    CoreValue::Str(s)
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (sign already stripped).
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("10"), CoreValue::Int(10));
        assert_eq!(resolve_plain("-1"), CoreValue::Int(-1));
        assert_eq!(resolve_plain("1.5"), CoreValue::Float(1.5));
        assert_eq!(resolve_plain("1e3"), CoreValue::Float(1000.0));
        assert_eq!(resolve_plain("true"), CoreValue::Bool(true));
        assert_eq!(resolve_plain("yes"), CoreValue::Str("yes"));
        assert_eq!(resolve_plain("~"), CoreValue::Null);
        assert_eq!(resolve_plain(""), CoreValue::Null);
        assert_eq!(resolve_plain("v1"), CoreValue::Str("v1"));
        assert_eq!(resolve_plain("1.2.3"), CoreValue::Str("1.2.3"));
        assert_eq!(
            resolve_plain("2019-05-02T15:04:05Z"),
            CoreValue::Str("2019-05-02T15:04:05Z")
        );
        assert_eq!(resolve_plain("0x1F"), CoreValue::Int(31));
        assert_eq!(resolve_plain("-"), CoreValue::Str("-"));
        assert_eq!(resolve_plain("."), CoreValue::Str("."));
    }
}
