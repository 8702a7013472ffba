//! `fdl rules`: every rule of the registry, as an aligned table or as JSON.

use clap::{Args, ValueEnum};
use fdl_check::{RULES, Rule};
use serde::Serialize;

use crate::Status;
use crate::output::{report_problem, write_stdout};

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum RulesFormat {
    /// One rule per line: code, name, default severity, what it catches
    Human,
    /// A JSON array of rules, with their full documentation and examples
    Json,
}

/// One rule in the JSON output; fields may be added, never removed.
#[derive(Serialize, Debug)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    explanation: &'static str,
    /// A flow that triggers the rule.
    bad: &'static str,
    /// The same flow corrected.
    good: &'static str,
}

pub fn run(args: &RulesArgs) -> Status {
    let text = match args.format {
        RulesFormat::Human => table(RULES),
        RulesFormat::Json => {
            let rules: Vec<JsonRule> = RULES
                .iter()
                .map(|r| JsonRule {
                    code: r.code,
                    name: r.name,
                    severity: r.severity.as_str(),
                    summary: r.summary,
                    explanation: r.explanation,
                    bad: r.bad,
                    good: r.good,
                })
                .collect();
            match serde_json::to_string(&rules) {
                Ok(json) => json + "\n",
                Err(e) => {
                    report_problem(&format!("could not write the JSON output: {e}"));
                    return Status::Trouble;
                }
            }
        }
    };
    write_stdout(&text)
}

/// A header and one line per rule, the columns padded to the widest entry.
fn table(rules: &[Rule]) -> String {
    let header = ("code", "name", "severity", "catches");
    let rows: Vec<(&str, &str, &str, &str)> = std::iter::once(header)
        .chain(
            rules
                .iter()
                .map(|r| (r.code, r.name, r.severity.as_str(), r.summary)),
        )
        .collect();
    let width = |column: usize| {
        rows.iter()
            .map(|r| [r.0, r.1, r.2][column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (code_width, name_width, severity_width) = (width(0), width(1), width(2));
    let mut out = String::new();
    for (code, name, severity, summary) in rows {
        out.push_str(&format!(
            "{code:code_width$}  {name:name_width$}  {severity:severity_width$}  {summary}\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::table;
    use fdl_check::RULES;

    #[test]
    fn columns_are_aligned() {
        let text = table(RULES);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), RULES.len() + 1);
        let column = |line: &str, word: &str| line.find(word).expect("word in line");
        let name_at = column(lines[0], "name");
        let summary_at = column(lines[0], "catches");
        for (line, rule) in lines[1..].iter().zip(RULES) {
            assert!(line.starts_with(rule.code), "{line}");
            assert_eq!(column(line, rule.name), name_at, "{line}");
            assert_eq!(&line[summary_at..], rule.summary, "{line}");
        }
    }
}
