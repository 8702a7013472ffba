//! fdl-syntax: YAML text to a syntax tree with exact byte spans, comments and error recovery.
//!
//! Knows YAML, not FDL. See `parse`, and `reparse` for re-reading a large file after a small
//! edit (a language server) at a fraction of the cost.

mod build;
mod comments;
mod convert;
mod line_index;
mod parse;
mod recover;
mod reparse;
mod source_map;
mod text;
mod tree;

pub use line_index::{LineIndex, Position};
pub use parse::parse;
pub use reparse::{Change, reparse};
pub use text::closing_quote;
pub use tree::{
    CoreValue, Entry, Node, NodeKind, Scalar, ScalarStyle, Span, plain_is_safe, resolve_plain,
};

/// A `# ...` comment. `span` covers the `#` through the last character before the line break.
#[derive(Clone, PartialEq, Debug)]
pub struct Comment {
    pub span: Span,
    /// The text after the `#`, untrimmed.
    pub text: String,
    /// True when only white space precedes the comment on its line.
    pub own_line: bool,
}

/// What went wrong in the YAML layer.
#[derive(Clone, PartialEq, Debug)]
pub enum SyntaxErrorKind {
    /// The text is not valid YAML.
    Invalid,
    /// A key appears twice in one mapping; `first` is the span of the first occurrence.
    DuplicateKey { key: String, first: Span },
    /// More than one YAML document in the file; the span is the start of the second one.
    MultipleDocuments,
    /// Alias expansion (or `<<` merging) would exceed the node budget (an "alias bomb"); see
    /// `MAX_ALIAS_NODES`.
    AliasLimit,
    /// Collections nested deeper than `MAX_DEPTH`.
    TooDeep,
    /// A `<<` merge key (a YAML 1.1 feature, not part of YAML 1.2). Reported at the key, which
    /// stays in its mapping; the merge is applied all the same, as the service's loader does:
    /// the mapping also gets every entry of the merged mapping(s) whose key it does not set
    /// itself, with the spans of the merged text.
    MergeKey,
}

#[derive(Clone, PartialEq, Debug)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    /// Byte span of the problem. For `Invalid`, the exact place the parser stopped, which may be
    /// empty (e.g. at the end of the file).
    pub span: Span,
    /// A plain-language message (for `Invalid`: what the parser expected or found, e.g.
    /// "found a tab character where indentation is expected").
    pub message: String,
}

/// The result of parsing one file.
#[derive(Debug)]
pub struct Parsed {
    /// The root node of the first document. `None` when the file holds no document (empty, or
    /// only comments).
    pub root: Option<Node>,
    /// Number of documents found (0 for an empty file).
    pub document_count: usize,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    /// Regions of the text that error recovery could not read (blanked before parsing again),
    /// sorted. Nodes are missing from there, so a consumer should not report them as absent.
    pub skipped: Vec<Span>,
}

/// Collections nested deeper than this become `NodeKind::Error` with a `TooDeep` error.
pub const MAX_DEPTH: usize = 256;
/// The floor of the alias budget. Alias expansion and `<<` merging may add at most
/// `max(MAX_ALIAS_NODES, ALIAS_EXPANSION_FACTOR × n)` nodes to a document written with `n`
/// nodes (an alias counts as one node there) before `AliasLimit`; the aliases after that are
/// `Error` nodes. So the tree of any input has at most about `ALIAS_EXPANSION_FACTOR + 1` times
/// the nodes written (or `MAX_ALIAS_NODES` more, for small inputs), however aliases nest.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// See `MAX_ALIAS_NODES`: how many nodes alias expansion may add per node written.
pub const ALIAS_EXPANSION_FACTOR: usize = 20;
