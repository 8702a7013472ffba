//! `fdl explain RULE`: a rule's full documentation, with a failing and a passing example.

use clap::Args;
use fdl_check::{Rule, lookup_rule};

use crate::Status;
use crate::output::{report_problem, write_stdout};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule codes (`FDL201`) or names (`goto-target-missing`); `fdl rules` lists them
    #[arg(value_name = "RULE", required = true)]
    pub rules: Vec<String>,
}

pub fn run(args: &ExplainArgs) -> Status {
    // Every name is looked up before anything is printed: a typo must not leave half an
    // answer above the error.
    let mut rules = Vec::new();
    for wanted in &args.rules {
        match lookup_rule(wanted) {
            Ok(rule) => rules.push(rule),
            Err(message) => {
                report_problem(&message);
                return Status::Trouble;
            }
        }
    }
    let text: Vec<String> = rules.into_iter().map(explain).collect();
    write_stdout(&text.join("\n"))
}

/// The documentation of one rule, as plain text for a terminal: examples indented by four
/// spaces so that they stand apart from the prose and can be copied as they are.
fn explain(rule: &Rule) -> String {
    let indent = |text: &str| -> String {
        text.lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect()
    };
    format!(
        "{code} {name}\n\
         Default severity: {severity}\n\
         \n\
         {summary}\n\
         \n\
         {explanation}\n\
         \n\
         Fails:\n\
         \n\
         {bad}\n\
         Passes:\n\
         \n\
         {good}",
        code = rule.code,
        name = rule.name,
        severity = rule.severity.as_str(),
        summary = rule.summary,
        explanation = rule.explanation.trim_end(),
        bad = indent(rule.bad),
        good = indent(rule.good),
    )
}
