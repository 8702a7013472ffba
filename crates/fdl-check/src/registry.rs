//! The rule registry: every diagnostic fdl can report, with its documentation.

use crate::Severity;

/// One rule: its stable code and name, default severity and documentation.
#[derive(Debug)]
pub struct Rule {
    /// `FDL` + 3 digits; never reused.
    pub code: &'static str,
    /// Kebab-case name, usable wherever a code is.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown: what it catches, why it matters, how to fix it.
    pub explanation: &'static str,
    /// A complete flow that triggers this rule.
    pub bad: &'static str,
    /// The same flow, corrected: triggers nothing.
    pub good: &'static str,
}

pub static RULES: &[Rule] = &[];

/// Finds a rule by code (`FDL201`, case-insensitive) or name (`goto-target-missing`).
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}
