//! One open document: its text, version and line index, kept in step with the client's
//! incremental changes, and the analysis of the current text, built on first use.
//!
//! The analysis is shared with the diagnostics thread's job for the same version: whichever
//! side needs it first builds it, and the other waits for that instead of doing it again. It
//! is built from the previous version's analysis when nobody else still holds that analysis:
//! then only the edited step is parsed and checked again, which keeps a large flow as quick to
//! edit as a small one (whether the client sends ranges or whole texts).

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use fdl_ide::Analysis;
use fdl_syntax::LineIndex;
use gen_lsp_types::TextDocumentContentChangeEvent;

use crate::convert::{Encoding, Lines};

/// The analysis of one version of a document, built on first use.
#[derive(Default)]
pub struct LazyAnalysis {
    cell: OnceLock<Analysis>,
    /// The previous version's analysis.
    edited_from: Mutex<Option<Analysis>>,
}

impl LazyAnalysis {
    /// The analysis of `text`, which must be this version's text.
    pub fn get(&self, text: &str) -> &Analysis {
        self.cell.get_or_init(|| {
            let previous = self
                .edited_from
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            match previous {
                Some(previous) => Analysis::edited(previous, text.to_string()),
                None => Analysis::new(text.to_string()),
            }
        })
    }

    /// The latest analysis this version holds, when this is the only handle to it: its own,
    /// or, when it was never built (edits came faster than anyone asked), the one it was to
    /// be built from, which serves the next version just as well. Else what to drop.
    fn into_latest(self: Arc<Self>) -> Result<Analysis, Box<dyn Send>> {
        match Arc::try_unwrap(self) {
            Ok(LazyAnalysis { cell, edited_from }) => match cell.into_inner() {
                Some(analysis) => Ok(analysis),
                None => edited_from
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner)
                    .ok_or_else(|| Box::new(()) as Box<dyn Send>),
            },
            Err(shared) => Err(Box::new(shared)),
        }
    }
}

pub struct Document {
    pub version: i32,
    text: String,
    index: Arc<LineIndex>,
    analysis: Arc<LazyAnalysis>,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        Document {
            version,
            index: Arc::new(LineIndex::new(&text)),
            text,
            analysis: Arc::default(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self, encoding: Encoding) -> Lines<'_> {
        Lines {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }

    /// Larger than fdl reads (`fdl check` refuses such a file): the server leaves it alone.
    pub fn too_large(&self) -> bool {
        self.text.len() > fdl_check::MAX_TEXT_BYTES
    }

    /// The line index of the current text, for the diagnostics thread.
    pub fn shared_index(&self) -> Arc<LineIndex> {
        self.index.clone()
    }

    /// Applies the changes of one `didChange` in order: each change's range is read against
    /// the text as the previous change left it. Returns what is left of the previous
    /// version, for the caller to drop where it costs no answer any time.
    pub fn apply(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) -> Box<dyn Send> {
        for change in changes {
            match change {
                TextDocumentContentChangeEvent::TextDocumentContentChangePartial(change) => {
                    let span = self.lines(encoding).span(change.range);
                    self.text.replace_range(span.start..span.end, &change.text);
                }
                TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(change) => {
                    self.text = change.text;
                }
            }
            self.index = Arc::new(LineIndex::new(&self.text));
        }
        self.version = version;
        match std::mem::take(&mut self.analysis).into_latest() {
            Ok(previous) => {
                self.analysis = Arc::new(LazyAnalysis {
                    cell: OnceLock::new(),
                    edited_from: Mutex::new(Some(previous)),
                });
                Box::new(())
            }
            Err(leftover) => leftover,
        }
    }

    /// The analysis of the current version, for the diagnostics thread.
    pub fn shared_analysis(&self) -> Arc<LazyAnalysis> {
        self.analysis.clone()
    }

    /// The analysis of the current text (built on first use), with its line map.
    pub fn parts(&self, encoding: Encoding) -> (&Analysis, Lines<'_>) {
        let analysis = self.analysis.get(&self.text);
        (analysis, self.lines(encoding))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gen_lsp_types::{
        Position, Range, TextDocumentContentChangePartial, TextDocumentContentChangeWholeDocument,
    };

    #[allow(deprecated)]
    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangePartial {
            range: Range {
                start: Position {
                    line: l1,
                    character: c1,
                },
                end: Position {
                    line: l2,
                    character: c2,
                },
            },
            range_length: None,
            text: text.to_string(),
        }
        .into()
    }

    #[test]
    fn changes_apply_in_order_against_the_text_so_far() {
        let mut doc = Document::new("steps:\n  - 名前: x\n".to_string(), 1);
        doc.apply(
            vec![
                // After `名前` (UTF-16 columns 4..6 on line 1).
                edit(1, 6, 1, 6, "2"),
                // Read against the text with `2` inserted: replaces `x`.
                edit(1, 9, 1, 10, "y\nz"),
                // Line 2 now exists (`z`): append to it.
                edit(2, 1, 2, 1, "!"),
            ],
            2,
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "steps:\n  - 名前2: y\nz!\n");
        assert_eq!(doc.version, 2);
        // Out-of-range positions are clamped, not refused.
        doc.apply(vec![edit(7, 0, 9, 9, "end")], 3, Encoding::Utf16);
        assert_eq!(doc.text(), "steps:\n  - 名前2: y\nz!\nend");
        doc.apply(
            vec![TextDocumentContentChangeWholeDocument { text: "new".into() }.into()],
            4,
            Encoding::Utf8,
        );
        assert_eq!(doc.text(), "new");
        // A range ending inside `名` in UTF-8 columns (byte 5 of 3..6) snaps to its start.
        let mut doc = Document::new("a: 名前\n".to_string(), 1);
        doc.apply(vec![edit(0, 3, 0, 5, "")], 2, Encoding::Utf8);
        assert_eq!(doc.text(), "a: 名前\n");
        doc.apply(vec![edit(0, 3, 0, 6, "")], 3, Encoding::Utf8);
        assert_eq!(doc.text(), "a: 前\n");
    }

    /// Edits that come faster than anyone asks for their analysis: the next analysis is
    /// built from the last one built, through the versions never built, and is that of the
    /// current text.
    #[test]
    fn versions_never_built_pass_the_last_analysis_on() {
        let text = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: pass\n    name: b\n";
        let mut doc = Document::new(text.to_string(), 1);
        assert!(
            doc.parts(Encoding::Utf8)
                .0
                .diagnostics(&Default::default())
                .is_empty()
        );
        // `name: a` -> `name: abc`, then a misspelt key, one version at a time.
        doc.apply(vec![edit(4, 11, 4, 11, "b")], 2, Encoding::Utf8);
        doc.apply(vec![edit(4, 12, 4, 12, "c")], 3, Encoding::Utf8);
        doc.apply(vec![edit(6, 4, 6, 8, "nmae")], 4, Encoding::Utf8);
        let (analysis, _) = doc.parts(Encoding::Utf8);
        assert_eq!(analysis.text(), doc.text());
        assert!(doc.text().contains("name: abc\n"), "{}", doc.text());
        let codes = |d: Vec<fdl_check::Diagnostic>| -> Vec<&'static str> {
            d.iter().map(|d| d.code).collect()
        };
        assert_eq!(
            codes(analysis.diagnostics(&Default::default())),
            codes(fdl_check::check_source(doc.text()))
        );
        assert!(!codes(fdl_check::check_source(doc.text())).is_empty());
    }
}
