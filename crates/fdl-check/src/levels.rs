//! Per-rule levels: what a configuration file, `--select` / `--ignore` or an editor setting
//! makes of each rule's default severity.

use std::collections::HashMap;

use crate::{Diagnostic, Rule, Severity, find_rule};

/// The level a rule runs at: a severity, or off.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Level {
    Off,
    Hint,
    Warning,
    Error,
}

impl Level {
    /// The names used in configuration files and on the command line.
    pub const NAMES: &[&str] = &["error", "warning", "hint", "off"];

    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "hint" => Some(Level::Hint),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Hint => "hint",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Hint => Some(Severity::Hint),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Level {
        match severity {
            Severity::Hint => Level::Hint,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

/// Levels that differ from the rules' defaults. The default value changes nothing.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct RuleLevels {
    /// By rule code.
    overrides: HashMap<&'static str, Level>,
}

impl RuleLevels {
    /// Sets the level of the rule named by its code (`FDL201`, any letter case) or its name
    /// (`goto-target-missing`). The error says what was not understood, with a suggestion.
    pub fn set(&mut self, code_or_name: &str, level: Level) -> Result<&'static Rule, String> {
        let rule = lookup_rule(code_or_name)?;
        self.overrides.insert(rule.code, level);
        Ok(rule)
    }

    /// Sets every rule to `level` (for `--select`, which starts from all rules off).
    pub fn set_all(&mut self, level: Level) {
        for rule in crate::RULES {
            self.overrides.insert(rule.code, level);
        }
    }

    /// Restores a rule's default level.
    pub fn reset(&mut self, rule: &Rule) {
        self.overrides.remove(rule.code);
    }

    /// The level the rule with this code runs at. Codes that are not in the registry keep
    /// their severity (they cannot be configured).
    pub fn level(&self, code: &str) -> Option<Level> {
        let rule = find_rule(code)?;
        Some(
            self.overrides
                .get(rule.code)
                .copied()
                .unwrap_or(rule.severity.into()),
        )
    }

    pub fn is_default(&self) -> bool {
        self.overrides.is_empty()
    }

    /// Drops the diagnostics of rules that are off and gives the others their level's
    /// severity.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.is_default() {
            return;
        }
        diagnostics.retain_mut(|d| match self.level(d.code) {
            None => true,
            Some(level) => match level.severity() {
                None => false,
                Some(severity) => {
                    d.severity = severity;
                    true
                }
            },
        });
    }
}

/// The rule named by a code (any letter case) or a kebab-case name; the error explains, with
/// a "did you mean" when something is close.
pub fn lookup_rule(code_or_name: &str) -> Result<&'static Rule, String> {
    let wanted = code_or_name.trim();
    if let Some(rule) = find_rule(wanted) {
        return Ok(rule);
    }
    let candidates = crate::RULES.iter().flat_map(|r| [r.code, r.name]);
    let hint = crate::did_you_mean(wanted, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    Err(format!(
        "unknown rule `{wanted}`{hint} (`fdl rules` lists them)"
    ))
}
