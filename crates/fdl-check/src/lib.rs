//! fdl-check: rules over the FDL model, producing diagnostics.
//!
//! `check_source` runs every rule over one file's text; the rule registry (`RULES`) documents
//! each rule. All output formats and the language server render the same `Diagnostic`s.
//! `config` reads `fdl.toml`; `# fdl-ignore:` comments in the checked file are applied here.

mod cache;
pub mod config;
mod context;
mod diagnostic;
pub mod docs;
mod fast_hash;
mod levels;
mod parts;
mod registry;
mod rules;
mod suggest;
mod suppress;

pub use cache::{CheckCache, check_parsed_cached};
pub use diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
pub use fdl_syntax::{LineIndex, Span};
pub use levels::{Level, RuleLevels, lookup_rule};
pub use registry::{RULES, Rule, find_rule};
pub use suggest::did_you_mean;

/// Checks one file's text. The diagnostics are sorted by position, then code, without
/// duplicates (an alias can repeat what its anchor already showed).
pub fn check_source(text: &str) -> Vec<Diagnostic> {
    check_source_with(text, &RuleLevels::default())
}

/// Checks one file's text with rule levels other than the defaults.
pub fn check_source_with(text: &str, levels: &RuleLevels) -> Vec<Diagnostic> {
    let parsed = fdl_syntax::parse(text);
    check_parsed_with(text, &parsed, levels)
}

/// Checks an already parsed file (the language server keeps the parse).
pub fn check_parsed(text: &str, parsed: &fdl_syntax::Parsed) -> Vec<Diagnostic> {
    check_parsed_with(text, parsed, &RuleLevels::default())
}

/// Checks an already parsed file with the given rule levels. The file's `# fdl-ignore`
/// comments apply first, to every diagnostic found (so a suppression of a rule that is off
/// still counts as used, and a stale one is reported whatever the levels), then the levels,
/// which also govern the diagnostics about the comments (FDL010, FDL011).
pub fn check_parsed_with(
    text: &str,
    parsed: &fdl_syntax::Parsed,
    levels: &RuleLevels,
) -> Vec<Diagnostic> {
    check_parsed_cached(text, parsed, levels, CheckCache::default()).0
}

/// The largest text fdl reads, in bytes: `fdl check` and `fdl fmt` stop reading one byte
/// later (so `fdl check /dev/zero` ends) and the language server leaves larger documents
/// alone. Far above what the service accepts for a flow (1 MiB), so only something that is not
/// a flow definition is refused.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Why a text larger than [`MAX_TEXT_BYTES`] is not read.
pub const TOO_LARGE: &str = "the file is larger than 64 MiB; a flow definition is at most 1 MiB (the service's request limit)";

/// Content-based flow detection used when walking folders: true when the top-level mapping
/// holds `type: flow`, or both `version: v1` (or `v1beta1`) and `steps` (so a flow whose `type`
/// is misspelt or missing is still checked, and its mistake reported). A line scan first, so it is cheap and
/// tolerates broken YAML elsewhere; other spellings (`"type": "flow"`, JSON-style flows, a
/// comment between key and value) are settled by a parse, but only for texts that can hold a
/// top-level `type` key and are no larger than a flow can be.
pub fn looks_like_flow(text: &str) -> bool {
    /// The service takes definitions of at most 1 MiB; anything much larger is not a flow.
    const MAX_PARSED: usize = 2 << 20;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The value after `key:` on a line that starts with that key (a top-level key).
    let top_level_value = |line: &'_ str, key: &str| -> Option<String> {
        let rest = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        Some(
            rest.split(" #")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
        )
    };
    let mut version = false;
    let mut steps = false;
    for line in text.lines() {
        if top_level_value(line, "type")
            .is_some_and(|v| matches!(v.as_str(), "flow" | "'flow'" | "\"flow\""))
        {
            return true;
        }
        // Only FDL's own versions: `version: "1.0"` with `steps:` is another tool's file
        // (Codefresh pipelines, for one).
        version |= top_level_value(line, "version")
            .is_some_and(|v| matches!(v.trim_matches(['\'', '"']), "v1" | "v1beta1"));
        steps |= top_level_value(line, "steps").is_some();
        if version && steps {
            return true;
        }
    }
    let may_hold_type = text.trim_start().starts_with('{')
        || text.lines().any(|l| {
            l.starts_with("type")
                || l.starts_with("\"type\"")
                || l.starts_with("'type'")
                || l.starts_with("? type")
        });
    may_hold_type
        && text.len() <= MAX_PARSED
        && fdl_syntax::parse(text)
            .root
            .is_some_and(|root| root.get("type").and_then(|t| t.as_str()) == Some("flow"))
}

#[cfg(test)]
mod tests {
    use super::looks_like_flow;

    #[test]
    fn flow_detection() {
        assert!(looks_like_flow("version: v1\ntype: flow\nsteps: []\n"));
        assert!(looks_like_flow("type: 'flow' # a flow\n"));
        assert!(looks_like_flow("\u{feff}type: flow\nsteps:\n  - [broken\n"));
        assert!(!looks_like_flow("steps:\n  - type: flow\n"));
        assert!(!looks_like_flow("type: flowchart\n"));
        assert!(!looks_like_flow("apiVersion: v1\nkind: Pod\n"));
        assert!(looks_like_flow(
            "{\"version\": \"v1\", \"type\": \"flow\", \"steps\": []}"
        ));
        assert!(looks_like_flow("\"type\": flow\nsteps: []\n"));
        assert!(looks_like_flow("type: # the kind\n  flow\n"));
        assert!(looks_like_flow("type: !!str flow\n"));
        assert!(!looks_like_flow("steps:\n  - {type: flow}\n"));
        assert!(!looks_like_flow("description: a workflow\n"));
        // A flow whose `type` is misspelt or missing is still a flow, to be reported.
        assert!(looks_like_flow("version: v1\ntype: flwo\nsteps: []\n"));
        assert!(looks_like_flow("version: v1\nsteps:\n  - type: pass\n"));
        assert!(!looks_like_flow("version: 2\nservices: {}\n"));
        assert!(!looks_like_flow(
            "version: '1.0'\nsteps:\n  main_clone:\n    type: git-clone\n"
        ));
    }
}
