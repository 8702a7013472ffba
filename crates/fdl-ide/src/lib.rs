//! fdl-ide: editor features as plain functions of a document snapshot and a byte offset.
//!
//! No protocol types here: offsets and spans are byte offsets into the document's text; the
//! language server (`fdl-lsp`) converts them to and from LSP positions (UTF-16 or UTF-8).
//! Every function must answer for any text, however broken: half-typed keys, unclosed quotes,
//! tabs, text that is not YAML at all.
//!
//! A document that is not a flow gets nothing from any feature (the server can attach to every
//! YAML file), except completion in an empty or just-started document, which offers a new flow.

mod actions;
mod complete;
mod docs;
mod format;
mod hover;
mod index;
mod lines;
mod nav;
mod outline;
mod snippets;
mod structure;
mod tokens;
mod tree;

use std::sync::{Mutex, OnceLock, PoisonError};

pub use fdl_check::{Diagnostic, Edit, RuleLevels};
pub use fdl_syntax::{LineIndex, Span};

use fdl_check::CheckCache;
use fdl_syntax::{Change, Node, Parsed};
use index::Index;
use lines::Lines;
use outline::Outline;

/// One version of one document, parsed once; every feature reads it.
pub struct Analysis {
    text: String,
    parsed: Parsed,
    is_flow: bool,
    line_starts: OnceLock<Vec<usize>>,
    opaque: OnceLock<Vec<Span>>,
    index: OnceLock<Index>,
    /// The last diagnostics computed and their levels: code actions need them again.
    checked: Mutex<Option<(RuleLevels, Vec<Diagnostic>)>>,
    /// The per-step results of the last check (of this version, or of the version this one
    /// was edited from): the next check reuses those of unchanged steps.
    step_results: Mutex<CheckCache>,
}

/// Whether a parsed YAML document is a flow (see `Analysis::is_flow`).
fn is_flow(text: &str, parsed: &Parsed) -> bool {
    parsed
        .root
        .as_ref()
        .and_then(|r| r.get("type"))
        .and_then(Node::as_str)
        == Some("flow")
        || fdl_check::looks_like_flow(text)
}

impl Analysis {
    pub fn new(text: String) -> Analysis {
        let parsed = fdl_syntax::parse(&text);
        Analysis::with_parse(text, parsed, CheckCache::default())
    }

    /// The analysis of `text`, a later version of `previous.text()`. Gives exactly what
    /// `Analysis::new(text)` gives, but reuses what it can of `previous`: its parse, when what
    /// changed lies inside one list item (a step), and the check results of every step that did
    /// not change. On a large flow that is the difference between re-reading the whole file
    /// after each keystroke and re-reading one step.
    pub fn edited(previous: Analysis, text: String) -> Analysis {
        let Analysis {
            text: old_text,
            parsed,
            step_results,
            ..
        } = previous;
        let change = Change::between(&old_text, &text);
        let (parsed, _) = fdl_syntax::reparse(&old_text, parsed, &text, change);
        let step_results = step_results
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        Analysis::with_parse(text, parsed, step_results)
    }

    fn with_parse(text: String, parsed: Parsed, step_results: CheckCache) -> Analysis {
        Analysis {
            is_flow: is_flow(&text, &parsed),
            text,
            parsed,
            line_starts: OnceLock::new(),
            opaque: OnceLock::new(),
            index: OnceLock::new(),
            checked: Mutex::new(None),
            step_results: Mutex::new(step_results),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether this YAML document is a flow (top-level `type: flow`, or what `fdl check`
    /// treats as one). Other documents get no diagnostics and no flow features.
    pub fn is_flow(&self) -> bool {
        self.is_flow
    }

    /// Exactly the diagnostics of `fdl check` with these levels (suppressions applied).
    pub fn diagnostics(&self, levels: &RuleLevels) -> Vec<Diagnostic> {
        if !self.is_flow {
            return Vec::new();
        }
        // A poisoned lock only means another thread panicked mid-check: check again.
        let mut cache = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((cached_levels, diagnostics)) = cache.as_ref()
            && cached_levels == levels
        {
            return diagnostics.clone();
        }
        let mut step_results = self
            .step_results
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (diagnostics, next) = fdl_check::check_parsed_cached(
            &self.text,
            &self.parsed,
            levels,
            std::mem::take(&mut *step_results),
        );
        *step_results = next;
        *cache = Some((levels.clone(), diagnostics.clone()));
        diagnostics
    }

    /// What can be typed at `offset`: keys, values, step names, paths, snippets. Works in a
    /// half-typed document; the context comes from the text around the cursor. Multi-line
    /// insert texts are indented as they must stand in the document (send them with
    /// `insertTextMode: asIs`).
    pub fn completions(&self, offset: usize) -> Vec<Completion> {
        complete::completions(self, self.clamp(offset))
    }

    pub fn hover(&self, offset: usize) -> Option<Hover> {
        if !self.is_flow {
            return None;
        }
        hover::hover(self, self.clamp(offset))
    }

    /// Where the thing at `offset` is defined: the step a `goto`/catch target names, the
    /// `outputMappings` item that produced a `$local.x`.
    pub fn definition(&self, offset: usize) -> Vec<Target> {
        if !self.is_flow {
            return Vec::new();
        }
        nav::definition(self, self.clamp(offset))
    }

    /// Every reference to the step at `offset` (its name or a goto naming it).
    pub fn references(&self, offset: usize, include_declaration: bool) -> Vec<Span> {
        if !self.is_flow {
            return Vec::new();
        }
        nav::references(self, self.clamp(offset), include_declaration)
    }

    /// The span of the step name that a rename at `offset` would change, or why it cannot.
    pub fn prepare_rename(&self, offset: usize) -> Result<Span, String> {
        if !self.is_flow {
            return Err("this document is not a flow".to_string());
        }
        nav::prepare_rename(self, self.clamp(offset))
    }

    /// The edits renaming the step at `offset` and every reference to it, or why not (for
    /// instance a sibling already has that name).
    pub fn rename(&self, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
        if !self.is_flow {
            return Err("this document is not a flow".to_string());
        }
        nav::rename(self, self.clamp(offset), new_name)
    }

    /// The outline: one `Flow` symbol holding the steps, nested as they are.
    pub fn document_symbols(&self) -> Vec<Symbol> {
        if !self.is_flow {
            return Vec::new();
        }
        structure::symbols(self)
    }

    pub fn folding_ranges(&self) -> Vec<Fold> {
        if !self.is_flow {
            return Vec::new();
        }
        structure::folding_ranges(self)
    }

    /// For each offset, the nested spans around it, innermost first.
    pub fn selection_ranges(&self, offsets: &[usize]) -> Vec<Vec<Span>> {
        offsets
            .iter()
            .map(|&o| structure::selection_ranges(self, self.clamp(o)))
            .collect()
    }

    /// Quick fixes for the diagnostics that touch `range`, and refactorings available there.
    pub fn code_actions(&self, range: Span, levels: &RuleLevels) -> Vec<Action> {
        if !self.is_flow {
            return Vec::new();
        }
        let start = self.clamp(range.start);
        let range = Span::new(start, self.clamp(range.end).max(start));
        actions::code_actions(self, range, levels)
    }

    /// Tokens for the expressions inside strings (`$input.a`, condition operators and
    /// literals), sorted, never overlapping, never across a line break.
    pub fn semantic_tokens(&self) -> Vec<Token> {
        if !self.is_flow {
            return Vec::new();
        }
        tokens::semantic_tokens(self)
    }

    /// The whole document formatted (`None`: already formatted), through fdl-fmt.
    pub fn format(&self, options: &fdl_fmt::Options) -> Result<Option<Vec<Edit>>, String> {
        if !self.is_flow {
            return Ok(None);
        }
        format::format(self, options)
    }

    /// Only the steps overlapping `range` formatted.
    pub fn format_range(
        &self,
        range: Span,
        options: &fdl_fmt::Options,
    ) -> Result<Option<Vec<Edit>>, String> {
        if !self.is_flow {
            return Ok(None);
        }
        let start = self.clamp(range.start);
        let range = Span::new(start, self.clamp(range.end).max(start));
        format::format_range(self, range, options)
    }

    // Shared state for the feature modules.

    pub(crate) fn root(&self) -> Option<&Node> {
        self.parsed.root.as_ref()
    }

    /// The YAML tree of the text, for other views of the document (the flow graph).
    pub fn parsed(&self) -> &Parsed {
        &self.parsed
    }

    pub(crate) fn lines(&self) -> Lines<'_> {
        let starts = self
            .line_starts
            .get_or_init(|| lines::line_starts(&self.text));
        Lines::new(&self.text, starts)
    }

    pub(crate) fn outline(&self) -> Outline<'_> {
        let opaque = self
            .opaque
            .get_or_init(|| outline::opaque_spans(&self.text, self.root()));
        Outline::new(self.lines(), opaque)
    }

    pub(crate) fn index(&self) -> &Index {
        self.index.get_or_init(|| match self.root() {
            Some(root) => Index::build(root),
            None => Index::default(),
        })
    }

    /// An offset inside the text, on a char boundary, and not between the `\r` and `\n` of a
    /// CRLF: a client may send a column past the end of a line (`LineIndex` then gives the
    /// `\n`'s offset), which is the end of the line's content. Found by fuzzing: a completion
    /// there replaced the `\r` too.
    fn clamp(&self, offset: usize) -> usize {
        let at = lines::floor_boundary(&self.text, offset);
        let b = self.text.as_bytes();
        if at > 0 && b[at - 1] == b'\r' && b.get(at) == Some(&b'\n') {
            at - 1
        } else {
            at
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompletionKind {
    Key,
    Value,
    EnumMember,
    Step,
    Snippet,
    Path,
    Error,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A short description shown beside the label.
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The text to insert; in LSP snippet syntax when `is_snippet`. Lines after the first
    /// carry the indentation they need in the document (insert them as they are: LSP
    /// `insertTextMode: asIs`).
    pub insert_text: String,
    pub is_snippet: bool,
    /// The span the insertion replaces (the partly typed word): on the cursor's line, and
    /// holding the cursor.
    pub replace: Span,
    /// For sorting: lower first.
    pub sort_key: String,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Target {
    /// The whole definition (for example the step's mapping).
    pub full: Span,
    /// The part to put the cursor on (for example the step's name).
    pub focus: Span,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SymbolKind {
    Flow,
    Step,
    Branch,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Symbol {
    pub name: String,
    /// The step kind (`task`, `choice`...) or branch description.
    pub detail: String,
    pub kind: SymbolKind,
    pub full: Span,
    pub focus: Span,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FoldKind {
    Region,
    Comment,
}

/// Lines are 0-based, inclusive.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fold {
    pub start_line: u32,
    pub end_line: u32,
    pub kind: FoldKind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ActionKind {
    QuickFix,
    Refactor,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// The diagnostics (code and span) this action fixes.
    pub fixes: Vec<(String, Span)>,
    pub preferred: bool,
}

/// Semantic token types, in the order of the legend the server announces.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TokenKind {
    /// `$input`, `$local`, `$context`.
    Variable,
    /// A path segment after the root.
    Property,
    Operator,
    Number,
    String,
    Keyword,
}

impl TokenKind {
    pub const LEGEND: &[TokenKind] = &[
        TokenKind::Variable,
        TokenKind::Property,
        TokenKind::Operator,
        TokenKind::Number,
        TokenKind::String,
        TokenKind::Keyword,
    ];
}

/// A token never spans a line break.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}
