//! The one diagnostic type every output (human, JSON, SARIF, GitHub, LSP) renders.

use fdl_syntax::Span;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice: shown in the editor, and by `fdl check` only on request.
    Hint,
    /// Very likely a mistake.
    Warning,
    /// The service will reject the definition, or the flow is certain to fail.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location with a short message ("first defined here").
#[derive(Clone, PartialEq, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One replacement of the text in `span`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A fix: a set of edits applied together.
#[derive(Clone, PartialEq, Debug)]
pub struct Fix {
    /// What the fix does, e.g. "replace with `FnF.ALL`".
    pub message: String,
    pub edits: Vec<Edit>,
    /// Safe fixes keep the meaning the author evidently intended and may be applied without
    /// review; unsafe ones are suggestions.
    pub safe: bool,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Diagnostic {
    /// `FDL` + 3 digits.
    pub code: &'static str,
    /// Kebab-case rule name.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    /// Extra explanation lines ("note: ...").
    pub notes: Vec<String>,
    /// One actionable suggestion ("help: ...").
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// The message, then each note and the help on a line of its own (`note: …`, `help: …`):
    /// the text for outputs that show a diagnostic as one block of text.
    pub fn full_message(&self) -> String {
        let mut text = self.message.clone();
        for note in &self.notes {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        if let Some(help) = &self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        text
    }

    /// A diagnostic with no labels, notes, help or fixes yet.
    pub fn new(
        code: &'static str,
        name: &'static str,
        severity: Severity,
        message: impl Into<String>,
        span: Span,
    ) -> Diagnostic {
        Diagnostic {
            code,
            name,
            severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }
}
