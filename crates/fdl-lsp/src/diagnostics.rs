//! Diagnostics run on their own thread, so that checking a large flow never delays the
//! answer to a request; the main loop hands over the latest text of each changed document.
//!
//! Only the latest version of a document is published: a result computed for a version the
//! client has since edited is dropped (a newer job is already queued), and nothing is
//! published for a document closed in the meantime.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, PoisonError};

use fdl_check::{RuleLevels, Severity};
use fdl_syntax::LineIndex;
use gen_lsp_types::{
    Code, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, Message,
    PublishDiagnosticsParams, Uri,
};
use lsp_server::Notification;

use crate::convert::{Encoding, Lines};
use crate::document::LazyAnalysis;

/// Checks one version of one document.
pub struct Job {
    pub uri: String,
    pub version: i32,
    pub text: String,
    /// Shared with the document: built by whichever side needs it first.
    pub analysis: Arc<LazyAnalysis>,
    /// The line index of `text`, shared with the document.
    pub index: Arc<LineIndex>,
    pub levels: RuleLevels,
    /// False when the configuration excludes the document: nothing is reported.
    pub checked: bool,
    pub encoding: Encoding,
}

/// What the client currently holds for each open document: the latest version, and whether
/// diagnostics are shown for it (so that a document that stops being a flow, or closes, has
/// them cleared exactly once).
#[derive(Default)]
pub struct Published {
    docs: HashMap<String, Entry>,
}

struct Entry {
    version: i32,
    shown: bool,
}

pub type Shared = Arc<Mutex<Published>>;

/// Sends one message to the client.
pub type Outbox = Box<dyn Fn(lsp_server::Message) + Send>;

pub fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Published> {
    // A panic while holding the lock cannot leave the map half-updated (every update is one
    // insert or remove), so a poisoned lock is still good.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Published {
    /// A document was opened or changed: results for older versions are now stale.
    pub fn set_version(&mut self, uri: &str, version: i32) {
        self.docs
            .entry(uri.to_string())
            .and_modify(|e| e.version = version)
            .or_insert(Entry {
                version,
                shown: false,
            });
    }

    /// A document was closed: clears what the client shows for it.
    pub fn close(&mut self, uri: &str, send: &Outbox) {
        if let Some(entry) = self.docs.remove(uri)
            && entry.shown
        {
            send(publish(uri, None, Vec::new()));
        }
    }

    fn is_current(&self, job: &Job) -> bool {
        self.docs
            .get(&job.uri)
            .is_some_and(|e| e.version == job.version)
    }
}

fn publish(uri: &str, version: Option<i32>, diagnostics: Vec<Diagnostic>) -> lsp_server::Message {
    let params = PublishDiagnosticsParams {
        uri: Uri::from(uri),
        version,
        diagnostics,
    };
    Notification::new("textDocument/publishDiagnostics".to_string(), params).into()
}

/// The worker's loop: runs until the main loop drops its end of the channel.
pub fn run(jobs: Receiver<Job>, shared: Shared, send: Outbox) {
    while let Ok(first) = jobs.recv() {
        // Everything queued meanwhile: only the last job of each document matters.
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        let mut latest: Vec<Job> = Vec::new();
        for job in batch.into_iter().rev() {
            if !latest.iter().any(|j| j.uri == job.uri) {
                latest.push(job);
            }
        }
        for job in latest.into_iter().rev() {
            if !lock(&shared).is_current(&job) {
                continue;
            }
            let Some((result, job)) = check(job) else {
                continue;
            };
            let mut published = lock(&shared);
            if !published.is_current(&job) {
                continue;
            }
            let Some(entry) = published.docs.get_mut(&job.uri) else {
                continue;
            };
            match result {
                Some(diagnostics) => {
                    entry.shown = true;
                    send(publish(&job.uri, Some(job.version), diagnostics));
                }
                // Not a flow (any more): leave it alone, after clearing what was shown.
                None if entry.shown => {
                    entry.shown = false;
                    send(publish(&job.uri, Some(job.version), Vec::new()));
                }
                None => {}
            }
        }
    }
}

/// The LSP diagnostics of a job's text (`None` when it is not a flow), with the job back
/// without its text and without its hold on the analysis (so that the next version can be
/// built from it); `None` when the analysis panicked (reported on stderr; the worker carries
/// on).
fn check(mut job: Job) -> Option<(Option<Vec<Diagnostic>>, Job)> {
    let text = std::mem::take(&mut job.text);
    let analysis = std::mem::take(&mut job.analysis);
    let result = catch_unwind(AssertUnwindSafe(|| {
        if !job.checked {
            return None;
        }
        let analysis = analysis.get(&text);
        if !analysis.is_flow() {
            return None;
        }
        let diagnostics = analysis.diagnostics(&job.levels);
        let lines = Lines {
            text: analysis.text(),
            index: &job.index,
            encoding: job.encoding,
        };
        Some(
            diagnostics
                .iter()
                .map(|d| to_lsp(d, &job.uri, lines))
                .collect(),
        )
    }));
    drop(analysis);
    match result {
        Ok(r) => Some((r, job)),
        Err(_) => {
            eprintln!(
                "fdl lsp: internal error while checking {} (version {}); its diagnostics are not updated",
                job.uri, job.version
            );
            None
        }
    }
}

/// One fdl diagnostic as the client shows it: the code and `source: "fdl"`, the message
/// followed by its notes and help, and its labels as related locations.
pub fn to_lsp(d: &fdl_check::Diagnostic, uri: &str, lines: Lines<'_>) -> Diagnostic {
    let message = d.full_message();
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location {
                uri: Uri::from(uri),
                range: lines.range(l.span),
            },
            message: l.message.clone(),
        })
        .collect();
    Diagnostic {
        range: lines.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::Error,
            Severity::Warning => DiagnosticSeverity::Warning,
            Severity::Hint => DiagnosticSeverity::Hint,
        }),
        code: Some(Code::String(d.code.to_string())),
        code_description: None,
        source: Some("fdl".to_string()),
        message: Message::String(message),
        tags: None,
        related_information: (!related.is_empty()).then_some(related),
        data: None,
    }
}
