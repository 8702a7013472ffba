/// Converts between byte offsets and line/column positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    inner: line_index::LineIndex,
}

/// A position in the text. Lines and columns are 0-based.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Position {
    pub line: u32,
    /// Column in bytes (UTF-8).
    pub col_utf8: u32,
    /// Column in UTF-16 code units (the LSP default).
    pub col_utf16: u32,
    /// Column in Unicode scalar values (what a human counts, and what annotate-snippets shows).
    pub col_char: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let _ = text;
        todo!()
    }
}
