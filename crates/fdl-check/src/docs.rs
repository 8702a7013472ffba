//! The rule reference, `docs/rules.md`, generated from the registry so that it cannot drift
//! from what the checker does. The same text feeds `fdl explain` and SARIF's rule help.
//!
//! A test (`tests/docs.rs`) fails when `docs/rules.md` differs from [`rules_markdown`];
//! `UPDATE_DOCS=1 cargo test -p fdl-check --test docs` rewrites it.

use crate::{RULES, Rule};

/// The heading that introduces a rule's failing example in [`rule_help_markdown`].
pub const FAILS: &str = "**Fails:**";
/// The heading that introduces a rule's passing example in [`rule_help_markdown`].
pub const PASSES: &str = "**Passes:**";

/// The whole of `docs/rules.md`: an introduction, an index table, one section per rule.
pub fn rules_markdown() -> String {
    let mut out = String::new();
    out.push_str(
        "# Rules\n\
         \n\
         <!-- Generated from the rule registry (crates/fdl-check/src/registry.rs); do not edit.\n\
         \x20    Regenerate with: UPDATE_DOCS=1 cargo test -p fdl-check --test docs -->\n\
         \n\
         Every diagnostic `fdl check` reports comes from one of these rules. Each rule has a stable\n\
         code and a kebab-case name, usable wherever a code is (`--select`, `--ignore`,\n\
         `fdl explain`), and a default severity:\n\
         \n\
         - **error**: the service will reject the definition, or the flow is certain to fail;\n\
         - **warning**: very likely a mistake;\n\
         - **hint**: advice (shown by `fdl check` only with `--show-hints`).\n\
         \n\
         `fdl rules` lists the rules; `fdl explain CODE` prints one section of this page. Every\n\
         section ends with a flow that triggers the rule and the same flow corrected, which\n\
         triggers nothing; a test runs both through the checker.\n\
         \n\
         | code | name | severity | catches |\n\
         |---|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            rule.code,
            anchor(rule),
            rule.name,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|"),
        ));
    }
    for rule in RULES {
        out.push_str(&format!(
            "\n## {} {}\n\n**Severity:** {}. {}\n\n{}",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary,
            rule_help_markdown(rule),
        ));
    }
    out
}

/// The anchor GitHub derives from a rule's heading in `docs/rules.md` (`## FDL201
/// goto-target-missing` becomes `fdl201-goto-target-missing`).
pub fn anchor(rule: &Rule) -> String {
    format!("{}-{}", rule.code.to_ascii_lowercase(), rule.name)
}

/// A rule's explanation followed by its failing and passing examples in fenced `yaml` blocks:
/// the body of its section in `docs/rules.md`, and SARIF's `help.markdown`.
pub fn rule_help_markdown(rule: &Rule) -> String {
    format!(
        "{}\n\n{FAILS}\n\n{}\n{PASSES}\n\n{}",
        rule.explanation.trim_end(),
        fenced_yaml(rule.bad),
        fenced_yaml(rule.good),
    )
}

/// `text` in a ```` ```yaml ```` fence longer than any run of backticks inside it, so no
/// example can end its fence early.
fn fenced_yaml(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    format!("{fence}yaml\n{text}{newline}{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::fenced_yaml;

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert_eq!(fenced_yaml("a: 1\n"), "```yaml\na: 1\n```\n");
        assert_eq!(fenced_yaml("a: 1"), "```yaml\na: 1\n```\n");
        assert_eq!(fenced_yaml("a: \"```\"\n"), "````yaml\na: \"```\"\n````\n");
    }
}
