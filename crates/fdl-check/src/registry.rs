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

pub static RULES: &[Rule] = &[
    Rule {
        code: "FDL001",
        name: "yaml-syntax-error",
        severity: Severity::Error,
        summary: "The file is not valid YAML.",
        explanation: r#"Catches text that a YAML parser cannot read: tabs used for indentation, an unclosed quote or
bracket, a key indented under a plain value, and similar slips.
The service parses the definition as YAML when the flow is created or updated, so the flow is
rejected before any step runs.
fdl keeps reading after the error and still checks the parts it understood, but fix this one first:
later messages may be side effects of it.
To fix it, look at the marked position: indent with spaces only, close every quote and bracket, and
quote values that contain `: ` or start with a special character."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: resize
    resourceArn: "acs:fc:::services/media/functions/resize
  - type: succeed
    name: done
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: resize
    resourceArn: "acs:fc:::services/media/functions/resize"
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL002",
        name: "duplicate-key",
        severity: Severity::Error,
        summary: "A key appears twice in the same mapping.",
        explanation: r#"Catches a mapping that holds the same key twice, such as two `resourceArn` lines in one step.
YAML does not allow this, and loaders disagree on what to do with it: some keep the first value,
some the last, some reject the file.
Either way one of the values is silently lost, so the flow may call another function than the one
you are looking at. Keep one of the keys and delete the other."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: resize
    resourceArn: acs:fc:::services/media/functions/resize-v1
    timeoutSeconds: 60
    resourceArn: acs:fc:::services/media/functions/resize-v2
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: resize
    resourceArn: acs:fc:::services/media/functions/resize-v2
    timeoutSeconds: 60
"#,
    },
    Rule {
        code: "FDL003",
        name: "multiple-documents",
        severity: Severity::Error,
        summary: "The file holds more than one YAML document.",
        explanation: r#"A flow definition is exactly one YAML document. A `---` line followed by more content starts a
second document, for example when two flows were pasted into one file or deployment settings
were appended to the flow.
The service takes a single document as the definition, so the rest would never be deployed.
Put each flow in its own file and keep other settings out of the definition."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: sendEmail
    resourceArn: acs:fc:::services/notify/functions/email
---
region: cn-hangzhou
flowName: notify
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: sendEmail
    resourceArn: acs:fc:::services/notify/functions/email
"#,
    },
    Rule {
        code: "FDL004",
        name: "yaml11-boolean",
        severity: Severity::Warning,
        summary: "`yes`, `no`, `on` or `off` is used where a boolean is expected.",
        explanation: r#"In YAML 1.1 the plain words `yes`, `no`, `on` and `off` meant true and false; in YAML 1.2 they
are ordinary strings.
Parsers differ, so `end: yes` may be read as true by one tool and as the string "yes" by another,
and the flow may not stop where you expect.
Write `true` or `false`, which every YAML version reads the same way."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/payments/functions/charge
    catch:
      - errors:
          - PaymentDeclined
        goto: declined
    end: yes
  - type: task
    name: declined
    resourceArn: acs:fc:::services/payments/functions/notify-declined
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/payments/functions/charge
    catch:
      - errors:
          - PaymentDeclined
        goto: declined
    end: true
  - type: task
    name: declined
    resourceArn: acs:fc:::services/payments/functions/notify-declined
"#,
    },
    Rule {
        code: "FDL005",
        name: "merge-key",
        severity: Severity::Warning,
        summary: "A YAML `<<` merge key.",
        explanation: r#"`<<: *anchor` copies the keys of another mapping into this one. It is a YAML 1.1 feature that
YAML 1.2 dropped, so some parsers apply it and others read `<<` as an ordinary key.
The service and your tools may then see different definitions.
Write the keys out in full. Anchors and aliases of whole values (`retry: *defaultRetry`) are fine."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: resize
    resourceArn: acs:fc:::services/media/functions/resize
    retry:
      - <<: {intervalSeconds: 2, maxAttempts: 5}
        errors:
          - FC.ResourceThrottled
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: resize
    resourceArn: acs:fc:::services/media/functions/resize
    retry:
      - errors:
          - FC.ResourceThrottled
        intervalSeconds: 2
        maxAttempts: 5
"#,
    },
    Rule {
        code: "FDL006",
        name: "alias-limit",
        severity: Severity::Error,
        summary: r#"Alias expansion grows too large (a "billion laughs" document)."#,
        explanation: r#"An alias (`*name`) repeats the value of an anchor (`&name`). Aliases inside anchored lists
multiply at every level: nine levels of nine aliases expand to hundreds of millions of values
from a few lines of text.
Any tool that expands such a document runs out of memory or time, and the data could never fit
the 32 KiB the service allows for a step's input, output and local data together.
fdl stops expanding and reports this. Use aliases only for small shared values."#,
        bad: r#"version: v1
type: flow
steps:
  - type: pass
    name: laughs
    outputMappings:
      - target: a
        source: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
      - target: b
        source: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      - target: c
        source: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
      - target: d
        source: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
      - target: e
        source: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
      - target: f
        source: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
      - target: g
        source: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
      - target: h
        source: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
      - target: i
        source: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"#,
        good: r#"version: v1
type: flow
steps:
  - type: pass
    name: laughs
    outputMappings:
      - target: a
        source: &a ["lol", "lol", "lol"]
      - target: b
        source: *a
"#,
    },
    Rule {
        code: "FDL007",
        name: "nesting-too-deep",
        severity: Severity::Error,
        summary: "Lists or mappings are nested more than 256 levels deep.",
        explanation: r#"Catches lists or mappings nested more than 256 levels deep. Real flows stay far below that, even
with steps nested in choices, branches and loops, so such depth means generated or hostile input.
Deep nesting can exhaust the stack of YAML parsers, and fdl stops looking inside at this limit.
Flatten the data, or pass large structures in the execution input instead of writing them as
constants."#,
        bad: r#"version: v1
type: flow
steps:
  - type: pass
    name: deep
    outputMappings:
      - target: matrix
        source: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
"#,
        good: r#"version: v1
type: flow
steps:
  - type: pass
    name: deep
    outputMappings:
      - target: matrix
        source: [[0, 1], [1, 0]]
"#,
    },
    Rule {
        code: "FDL008",
        name: "cloudflow-format",
        severity: Severity::Warning,
        summary: "The file is a CloudFlow state machine, not an FDL v1 flow.",
        explanation: r#"CloudFlow's newer format starts with `Type: StateMachine` and uses `States`, `StartAt`, `Next`
and UpperCamel keys. It is a different language from FDL v1 (`version: v1`, `type: flow`,
`steps:`), so fdl reports it once instead of flagging every key. The service accepts both
formats, so this is a warning: the file is not wrong, fdl just does not check it.
Deploy the file as a CloudFlow definition, or rewrite it in FDL: `States` become `steps`, steps
run in list order instead of following `Next`, and a `Choice` becomes a `choice` step with `goto`."#,
        bad: r#"Type: StateMachine
Name: greeting
SpecVersion: v1
StartAt: Hello
States:
  - Type: Pass
    Name: Hello
    End: true
"#,
        good: r#"version: v1
type: flow
steps:
  - type: pass
    name: Hello
"#,
    },
    Rule {
        code: "FDL009",
        name: "not-a-mapping",
        severity: Severity::Error,
        summary: "The file is empty, or its root is not a mapping.",
        explanation: r#"A flow definition is a mapping at the top level holding `version`, `type` and `steps`.
This rule fires when the file is empty or only comments, or when its root is a list or a single
value, e.g. when only the steps were pasted or the definition was saved as one escaped string.
The service cannot read a flow from it.
Put `version: v1`, `type: flow` and a `steps:` list at the top level."#,
        bad: r#"- type: task
  name: fetchRates
  resourceArn: acs:fc:::services/fx/functions/fetch-rates
- type: succeed
  name: done
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: fetchRates
    resourceArn: acs:fc:::services/fx/functions/fetch-rates
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL010",
        name: "invalid-suppression",
        severity: Severity::Warning,
        summary: "A suppression comment names no rule, an unknown rule, or one that cannot be suppressed.",
        explanation: r#"Catches an `# fdl-ignore` comment that cannot do what it says: it names no rule, names one that
does not exist (often a typo such as `FDL2O1` or `unknown-service-params`), names a rule that
cannot be suppressed, names a rule after its reason began, or only looks like a suppression
(`# fdl-ignore-next-line`). Such a comment suppresses nothing: the diagnostic it was meant for
is still reported, and a misspelt code would otherwise go unnoticed.
Write `# fdl-ignore: CODE` at the end of the reported line or on a line of its own before it, or
`# fdl-ignore-file: CODE` anywhere to suppress a rule in the whole file; the keyword may be in
any letter case. Name rules by code or name, several separated by commas, semicolons or spaces
(fullwidth `，` `；` `：` and the ideographic space work too), then give the reason after ` -- `.
The rules are the leading words that look like rules: `FDL` and digits, or a kebab-case word
that is a rule's name or close to one. The first other word begins the reason, even without
` -- ` (`# fdl-ignore: FDL102 because it is new` suppresses FDL102); a rule named after it
(`# fdl-ignore: FDL102 and FDL203`) is not suppressed and is reported here, since it cannot be
told whether it was meant to be. `fdl rules` lists the rules.
YAML syntax errors (FDL001), a second YAML document (FDL003), alias bombs (FDL006) and too deep
nesting (FDL007) cannot be suppressed, since part of the file could not be read or checked; nor
can FDL010 and FDL011 themselves: set them to "off" in `fdl.toml` instead."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: startEncoding
    resourceArn: acs:fc:::services/video/functions/encode
    serviceParams:
      # fdl-ignore: unknown-service-params -- a new parameter fdl does not know yet
      Preset: h265
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: startEncoding
    resourceArn: acs:fc:::services/video/functions/encode
    serviceParams:
      # fdl-ignore: unknown-service-param -- a new parameter fdl does not know yet
      Preset: h265
"#,
    },
    Rule {
        code: "FDL011",
        name: "unused-suppression",
        severity: Severity::Warning,
        summary: "A suppression comment suppresses nothing.",
        explanation: r#"Catches an `# fdl-ignore` comment that covers no diagnostic of the rule it names: the mistake was
fixed and the comment stayed, or the comment is on the wrong line. Left in place, it would
silently hide the next real mistake of that kind there.
A suppression covers the line it ends or, on a line of its own, the next line holding YAML
(blank and comment lines are skipped): every diagnostic that starts on that line. It also
covers, whole, a scalar, flow list (`[...]`) or flow mapping (`{...}`) over several lines that
starts or ends on that line, so a comment after the `]` of a list that `fdl fmt` split over
lines still works, and a comment after a block scalar's `|` covers the block; a scalar or flow
collection written below its key, from the key's line; and, from a list item's first line
(`- type: pass`), the diagnostics about the step as a whole, which point at its `name`
(duplicate-step-name, unreachable-step). Other diagnostics must start on the covered line, so
put the comment on the line fdl points at. `# fdl-ignore-file` covers the whole file.
Suppressions apply before rule levels: a suppression of a rule that is off counts as used when
the rule would have reported there, and as unused otherwise, whatever `--select` or `--ignore`
say. Unused suppressions are not reported in a file with YAML syntax errors, where not every
rule could run, nor in a second YAML document, which is never checked.
Remove the comment, or the rule it no longer needs to name."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/payments/functions/charge
    catch:
      - errors:
          - PaymentDeclined
        goto: declined # fdl-ignore: FDL201 -- the step is added by the deploy script
  - type: task
    name: declined
    resourceArn: acs:fc:::services/payments/functions/notify-declined
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/payments/functions/charge
    catch:
      - errors:
          - PaymentDeclined
        goto: declined
  - type: task
    name: declined
    resourceArn: acs:fc:::services/payments/functions/notify-declined
"#,
    },
    Rule {
        code: "FDL101",
        name: "missing-required-field",
        severity: Severity::Error,
        summary: "A required field is missing.",
        explanation: r#"Catches a required key that is absent: `version`, `type` or `steps` of the flow; `type` or
`name` of a step; `choices` of a choice and `condition` of each branch; `branches` of a parallel
and `steps` of each branch; `iterationMapping` (with `collection` and `item`) and `steps` of a
foreach; `target` and `source` of a mapping item; `errors` of a retry or catch rule and `goto` of
a catch rule.
Without them the service rejects the definition, or the step cannot do its job (a catch rule
without `goto` has nowhere to go). Add the key the message names."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    resourceArn: acs:fc:::services/orders/functions/validate
  - type: succeed
    name: done
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: validate
    resourceArn: acs:fc:::services/orders/functions/validate
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL102",
        name: "unknown-key",
        severity: Severity::Warning,
        summary: "A key FDL does not know, often a typo or a habit from another language.",
        explanation: r#"Catches a key that FDL does not define at that place, such as `resourceARN` for `resourceArn` or
`inputMapping` for `inputMappings`; the message suggests the closest known key.
Whether the service ignores the key or rejects it, the setting you meant does not take effect.
Keys from AWS Step Functions (`Next`, `End`, `Type`, `States`, `Resource`) are common: in FDL the
steps run in list order, a choice step's `goto` jumps, and `end: true` stops a list.
Rename the key or remove it."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: score
    resourceArn: acs:fc:::services/loans/functions/score
    inputMapping:
      - target: applicantId
        source: $input.applicantId
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: score
    resourceArn: acs:fc:::services/loans/functions/score
    inputMappings:
      - target: applicantId
        source: $input.applicantId
"#,
    },
    Rule {
        code: "FDL103",
        name: "field-not-for-step-type",
        severity: Severity::Warning,
        summary: "An FDL field is used on a step type that does not have it.",
        explanation: r#"Each step type has its own fields. This catches a field that exists in FDL but not on this type
of step: `end` on a succeed or fail step (they always end their list), `resourceArn` on a pass
step (a pass step calls nothing), `choices` on a task.
The field has no effect there, which usually means the step's `type` is not what you intended.
Remove the field, or change the step's `type`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: pass
    name: enrichOrder
    resourceArn: acs:fc:::services/orders/functions/enrich
  - type: succeed
    name: done
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: enrichOrder
    resourceArn: acs:fc:::services/orders/functions/enrich
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL104",
        name: "wrong-value-type",
        severity: Severity::Error,
        summary: "A value has the wrong YAML type for its key.",
        explanation: r#"Catches a value of the wrong type: `steps` written as a mapping instead of a list, a `name` that
is a mapping, `end: "true"` (a quoted string, not a boolean), `maxAttempts: 2.5`, a `retry`
that is not a list, `errors` that is not a list of names, or the Step Functions style
`default: stepName` (in FDL `default` is a mapping, e.g. `default: {goto: stepName}`).
The service cannot read such a value the way you meant it.
Write the value with the type the message names."#,
        bad: r#"version: v1
type: flow
steps:
  - type: choice
    name: checkScore
    choices:
      - condition: $.score >= 80
        goto: approve
    default: review
  - type: task
    name: review
    resourceArn: acs:fc:::services/loans/functions/review
    end: true
  - type: task
    name: approve
    resourceArn: acs:fc:::services/loans/functions/approve
"#,
        good: r#"version: v1
type: flow
steps:
  - type: choice
    name: checkScore
    choices:
      - condition: $.score >= 80
        goto: approve
    default:
      goto: review
  - type: task
    name: review
    resourceArn: acs:fc:::services/loans/functions/review
    end: true
  - type: task
    name: approve
    resourceArn: acs:fc:::services/loans/functions/approve
"#,
    },
    Rule {
        code: "FDL105",
        name: "unknown-step-type",
        severity: Severity::Error,
        summary: "A step's `type` is not one of the eight FDL step types.",
        explanation: r#"FDL v1 has exactly eight step types, all in lower case: `task`, `pass`, `choice`, `parallel`,
`foreach`, `wait`, `succeed` and `fail`.
Anything else, such as `Task` or the Step Functions name `map`, is not a step the service can run,
so the definition is rejected.
Use one of the eight; the message suggests the closest (`Task` -> `task`, `map` -> `foreach`)."#,
        bad: r#"version: v1
type: flow
steps:
  - type: Task
    name: parseInvoice
    resourceArn: acs:fc:::services/billing/functions/parse-invoice
  - type: succeed
    name: done
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: parseInvoice
    resourceArn: acs:fc:::services/billing/functions/parse-invoice
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL106",
        name: "invalid-version",
        severity: Severity::Error,
        summary: "`version` is not `v1` (or the legacy `v1beta1`).",
        explanation: r#"The flow's `version` tells the service which language the definition is written in.
The documentation says only `v1` is supported; `v1beta1`, its older name, is still accepted.
Any other value, such as `v2`, `v1.0` or the API version `2019-03-15`, makes the service reject
the definition. Write `version: v1`."#,
        bad: r#"version: v2
type: flow
steps:
  - type: task
    name: collectMetrics
    resourceArn: acs:fc:::services/monitor/functions/collect
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: collectMetrics
    resourceArn: acs:fc:::services/monitor/functions/collect
"#,
    },
    Rule {
        code: "FDL107",
        name: "legacy-version",
        severity: Severity::Hint,
        summary: "`version: v1beta1` is the legacy name of `v1`.",
        explanation: r#"`v1beta1` is the version name used by the 2019 documentation and by many deployed flows. It
still works, so this is only a hint.
The current documentation names `v1` as the supported version; prefer it in new and edited
flows by writing `version: v1`."#,
        bad: r#"version: v1beta1
type: flow
steps:
  - type: task
    name: compressLogs
    resourceArn: acs:fc:::services/ops/functions/compress-logs
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: compressLogs
    resourceArn: acs:fc:::services/ops/functions/compress-logs
"#,
    },
    Rule {
        code: "FDL108",
        name: "invalid-flow-type",
        severity: Severity::Error,
        summary: "The top-level `type` is not `flow`.",
        explanation: r#"Every FDL definition has `type: flow` at the top level.
Another value, such as `FDL` (the flow type parameter of the CreateFlow API, which is not part of
the definition) or `workflow`, makes the service reject it.
Steps have a `type` of their own; this rule is only about the one at the top. Write `type: flow`."#,
        bad: r#"version: v1
type: FDL
steps:
  - type: task
    name: importCsv
    resourceArn: acs:fc:::services/etl/functions/import-csv
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: importCsv
    resourceArn: acs:fc:::services/etl/functions/import-csv
"#,
    },
    Rule {
        code: "FDL109",
        name: "empty-step-name",
        severity: Severity::Error,
        summary: "A step's `name` is empty.",
        explanation: r#"Every step needs a non-empty name: it identifies the step in the execution history, and `goto`
and `catch` refer to steps by name.
A step with `name: ""` cannot be told apart or jumped to, and the definition is not valid.
Give the step a short name that is unique in its list."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: ""
    resourceArn: acs:fc:::services/ocr/functions/extract
  - type: succeed
    name: done
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: extractText
    resourceArn: acs:fc:::services/ocr/functions/extract
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL110",
        name: "step-name-too-long",
        severity: Severity::Warning,
        summary: "A step name is longer than 128 characters.",
        explanation: r#"A step name over 128 characters is almost certainly a mistake, such as a description pasted into
`name`. The documentation sets no limit for step names, but flow and execution names stop at 128
characters, and fdl warns at the same length.
Characters are counted, not bytes, so names in Chinese are measured fairly.
Shorten the name, and put longer text in a YAML comment."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: validateAndNormalizeCustomerShippingAddressAgainstPostalServiceRegistryThenGeocodeItAndStoreTheResultInTheOrderRecordForLaterRouting
    resourceArn: acs:fc:::services/shipping/functions/normalize-address
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: normalizeAddress
    resourceArn: acs:fc:::services/shipping/functions/normalize-address
"#,
    },
    Rule {
        code: "FDL111",
        name: "wait-duration-or-timestamp",
        severity: Severity::Error,
        summary: "A wait step needs exactly one of `duration` and `timestamp`.",
        explanation: r#"A wait step either waits a number of seconds (`duration`) or until a point in time
(`timestamp`). The documentation requires exactly one of the two.
With both, it is unclear which one applies; with neither, there is nothing to wait for.
Keep the one you mean and delete the other, or add the missing one."#,
        bad: r#"version: v1
type: flow
steps:
  - type: wait
    name: waitForLaunch
    duration: 3600
    timestamp: $.launchAt
  - type: task
    name: launch
    resourceArn: acs:fc:::services/marketing/functions/launch
"#,
        good: r#"version: v1
type: flow
steps:
  - type: wait
    name: waitForLaunch
    timestamp: $.launchAt
  - type: task
    name: launch
    resourceArn: acs:fc:::services/marketing/functions/launch
"#,
    },
    Rule {
        code: "FDL112",
        name: "invalid-wait-duration",
        severity: Severity::Error,
        summary: "A wait `duration` is negative, longer than 2 days, or not a number of seconds.",
        explanation: r#"`duration` is a number of seconds from 0 to 172800 (the service waits at most 2 days), or a
`$.path` that reads the seconds from the step input at run time.
A negative value, a longer wait, or text with a unit such as `10s` or `1h` cannot be used.
Write the plain number of seconds (`10s` -> `10`). For pauses longer than 2 days, end the flow
and start a new execution later, for example from a time trigger."#,
        bad: r#"version: v1
type: flow
steps:
  - type: wait
    name: cooldown
    duration: 10s
  - type: task
    name: checkBuild
    resourceArn: acs:fc:::services/ci/functions/check-build
"#,
        good: r#"version: v1
type: flow
steps:
  - type: wait
    name: cooldown
    duration: 10
  - type: task
    name: checkBuild
    resourceArn: acs:fc:::services/ci/functions/check-build
"#,
    },
    Rule {
        code: "FDL113",
        name: "invalid-wait-timestamp",
        severity: Severity::Error,
        summary: "A wait `timestamp` is neither an RFC 3339 date-time nor a `$.path`.",
        explanation: r#"`timestamp` is an RFC 3339 date-time with a time zone, such as `2019-05-02T15:04:05Z` or
`2019-05-02T23:04:05+08:00`, or a `$.path` that reads it from the step input.
Without a zone the moment is ambiguous, and other formats (`11/11/2024 00:00`, Unix seconds) are
not understood, so the step cannot know when to continue.
Rewrite the value in RFC 3339 form, or use `duration` for a relative wait."#,
        bad: r#"version: v1
type: flow
steps:
  - type: wait
    name: waitForSaleStart
    timestamp: "2024-11-11T00:00:00"
  - type: task
    name: openSale
    resourceArn: acs:fc:::services/shop/functions/open-sale
"#,
        good: r#"version: v1
type: flow
steps:
  - type: wait
    name: waitForSaleStart
    timestamp: "2024-11-11T00:00:00+08:00"
  - type: task
    name: openSale
    resourceArn: acs:fc:::services/shop/functions/open-sale
"#,
    },
    Rule {
        code: "FDL114",
        name: "too-many-branches",
        severity: Severity::Error,
        summary: "A parallel step has more than 100 branches.",
        explanation: r#"The service runs at most 100 branches in one parallel step and rejects a step with more.
When the branches do the same work on different data, use a `foreach` over an array instead: it
runs up to 100 iterations at a time for any number of elements.
Otherwise split the branches over several parallel steps."#,
        bad: r#"version: v1
type: flow
steps:
  - type: parallel
    name: scanShards
    branches: [&b {steps: [{type: task, name: scan, resourceArn: "acs:fc:::services/scan/functions/shard"}]},
      *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b,
      *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b,
      *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b,
      *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b,
      *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    outputMappings:
      - target: findings
        source: $local[*].findings
"#,
        good: r#"version: v1
type: flow
steps:
  - type: foreach
    name: scanShards
    iterationMapping:
      collection: $.shards
      item: shard
    steps:
      - type: task
        name: scan
        resourceArn: acs:fc:::services/scan/functions/shard
    outputMappings:
      - target: findings
        source: $local[*].findings
"#,
    },
    Rule {
        code: "FDL115",
        name: "invalid-timeout",
        severity: Severity::Error,
        summary: "`timeoutSeconds` is not a positive whole number of seconds.",
        explanation: r#"`timeoutSeconds`, on the flow or on a task, must be a positive integer.
`0`, negative numbers, fractions such as `1.5` and quoted numbers such as `"10"` are not accepted,
so the definition is rejected.
Write a plain whole number, such as `timeoutSeconds: 60`, or remove the key."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: lookupCache
    resourceArn: acs:fc:::services/cache/functions/lookup
    timeoutSeconds: 1.5
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: lookupCache
    resourceArn: acs:fc:::services/cache/functions/lookup
    timeoutSeconds: 2
"#,
    },
    Rule {
        code: "FDL116",
        name: "timeout-over-a-year",
        severity: Severity::Warning,
        summary: "The flow's `timeoutSeconds` is longer than one year.",
        explanation: r#"An execution runs for at most one year (31536000 seconds), so a flow timeout above that is never
reached: the execution ends at the one-year limit first.
A value this large often comes from a unit mix-up, such as milliseconds written as seconds.
Use a value of at most 31536000."#,
        bad: r#"version: v1
type: flow
timeoutSeconds: 63072000
steps:
  - type: task
    name: trackContract
    resourceArn: acs:fc:::services/legal/functions/track
"#,
        good: r#"version: v1
type: flow
timeoutSeconds: 31536000
steps:
  - type: task
    name: trackContract
    resourceArn: acs:fc:::services/legal/functions/track
"#,
    },
    Rule {
        code: "FDL201",
        name: "goto-target-missing",
        severity: Severity::Error,
        summary: "A `goto` names no step of the same list.",
        explanation: r#"`goto` in a choice branch, in a choice `default` or in a task's `catch` rule jumps to another
step. The service resolves the name only among the siblings of the step that holds the `goto`,
that is, the steps of the same `steps` list.
A misspelt name, or the name of a step in another list (inside a branch, or one level up), gives
a jump with no target. The message suggests a close name and says where a step of that name
lives if there is one elsewhere.
Correct the name, or move the target step into the same list."#,
        bad: r#"version: v1
type: flow
steps:
  - type: choice
    name: decide
    choices:
      - condition: $.score >= 700
        goto: aproveLoan
    default:
      goto: rejectLoan
  - type: task
    name: approveLoan
    resourceArn: acs:fc:::services/loans/functions/approve
    end: true
  - type: task
    name: rejectLoan
    resourceArn: acs:fc:::services/loans/functions/reject
"#,
        good: r#"version: v1
type: flow
steps:
  - type: choice
    name: decide
    choices:
      - condition: $.score >= 700
        goto: approveLoan
    default:
      goto: rejectLoan
  - type: task
    name: approveLoan
    resourceArn: acs:fc:::services/loans/functions/approve
    end: true
  - type: task
    name: rejectLoan
    resourceArn: acs:fc:::services/loans/functions/reject
"#,
    },
    Rule {
        code: "FDL202",
        name: "duplicate-step-name",
        severity: Severity::Error,
        summary: "Two steps in the same list have the same name.",
        explanation: r#"`goto` and `catch` find their target by name among the steps of one list, so names must be
unique within each `steps` list; with two steps of the same name the target is ambiguous, and
the execution history cannot tell them apart.
The same name in different lists, for example in two choice branches, is fine.
Rename one of the steps."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: notify
    resourceArn: acs:fc:::services/alerts/functions/notify-oncall
  - type: task
    name: notify
    resourceArn: acs:fc:::services/alerts/functions/notify-team
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: notifyOncall
    resourceArn: acs:fc:::services/alerts/functions/notify-oncall
  - type: task
    name: notifyTeam
    resourceArn: acs:fc:::services/alerts/functions/notify-team
"#,
    },
    Rule {
        code: "FDL203",
        name: "unreachable-step",
        severity: Severity::Warning,
        summary: "A step can never run: it follows a `succeed`, a `fail` or `end: true`, and no `goto` jumps to it.",
        explanation: r#"Steps run in list order. A succeed or fail step, or a step with `end: true`, ends its list, so the
step after it runs only when a choice `goto` or a catch `goto` in the same list jumps to it.
Without such a jump the step is dead code: often a leftover, or an error handler whose `goto` is
missing or misspelt. Only the first step of an unreachable run is reported.
Remove the step, add a `goto` to it, or remove the `end: true` before it."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: closeTicket
    resourceArn: acs:fc:::services/tickets/functions/close
  - type: succeed
    name: done
  - type: task
    name: sendSurvey
    resourceArn: acs:fc:::services/tickets/functions/send-survey
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: closeTicket
    resourceArn: acs:fc:::services/tickets/functions/close
  - type: task
    name: sendSurvey
    resourceArn: acs:fc:::services/tickets/functions/send-survey
  - type: succeed
    name: done
"#,
    },
    Rule {
        code: "FDL301",
        name: "invalid-path",
        severity: Severity::Error,
        summary: "A path expression is malformed.",
        explanation: r#"References in mappings start with `$input`, `$local` or `$context` and continue with `.name`,
`[0]` or `[*]` parts: `$input.order.items[0]`, `$local[*].url`. Paths in a foreach `collection`,
a wait `duration` or `timestamp`, and `serviceParams` values are written `$.name`.
This rule catches a path that does not parse, such as `$input.`, `$input..a`, `$local[x]` or an
unclosed `[`, and a misspelt root such as `$inputs.x`. Such a path reads no value at run time.
Fix the path; the message points at the first wrong character."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: reserveStock
    resourceArn: acs:fc:::services/stock/functions/reserve
    inputMappings:
      - target: orderId
        source: $inputs.orderId
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: reserveStock
    resourceArn: acs:fc:::services/stock/functions/reserve
    inputMappings:
      - target: orderId
        source: $input.orderId
"#,
    },
    Rule {
        code: "FDL302",
        name: "dollar-path-in-mapping",
        severity: Severity::Warning,
        summary: "A mapping source written `$.x` or `$` (or `$Input.x`) is a constant string, not a reference.",
        explanation: r#"A mapping source is a reference only when it starts with `$input`, `$local` or `$context`;
anything else is a constant. The same goes for a misspelt root such as `$Input.x` or `$inptu.x`.
`$.orderId` is the syntax of conditions and `serviceParams`, so in a mapping it passes the literal
text "$.orderId" instead of the order's id.
Write `$input.orderId` for a value of the step's input (or `$local.orderId` for an earlier step's
output), and `$input` instead of `$`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: shipOrder
    resourceArn: acs:fc:::services/shipping/functions/ship
    inputMappings:
      - target: orderId
        source: $.orderId
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: shipOrder
    resourceArn: acs:fc:::services/shipping/functions/ship
    inputMappings:
      - target: orderId
        source: $input.orderId
"#,
    },
    Rule {
        code: "FDL303",
        name: "unknown-context-member",
        severity: Severity::Warning,
        summary: "A `$context` path names an unknown member.",
        explanation: r#"`$context` describes the running execution. Its known members are `$context.task.token`,
`$context.execution.name`, `$context.flow.name` and `$context.step.eventId`.
Any other path, such as `$context.execution.id`, is not documented and most likely gives no
value, so the step receives nothing where you expected data.
Use one of the known members; the message suggests the closest."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: writeAuditLog
    resourceArn: acs:fc:::services/audit/functions/write-log
    inputMappings:
      - target: execution
        source: $context.execution.id
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: writeAuditLog
    resourceArn: acs:fc:::services/audit/functions/write-log
    inputMappings:
      - target: execution
        source: $context.execution.name
"#,
    },
    Rule {
        code: "FDL304",
        name: "local-is-array",
        severity: Severity::Warning,
        summary: "`$local.x` in the outputMappings of a parallel or foreach step, whose `$local` is an array.",
        explanation: r#"In a parallel step `$local` is an array with one object per branch; in a foreach step it is an
array with one result per iteration.
`$local.x` reads a key of an object, so on the array it finds nothing and the output is empty.
Use `$local[*].x` to collect `x` from every branch or iteration, or `$local[0].x` for the first."#,
        bad: r#"version: v1
type: flow
steps:
  - type: foreach
    name: uploadAll
    iterationMapping:
      collection: $.files
      item: file
    steps:
      - type: task
        name: upload
        resourceArn: acs:fc:::services/storage/functions/upload
    outputMappings:
      - target: urls
        source: $local.url
"#,
        good: r#"version: v1
type: flow
steps:
  - type: foreach
    name: uploadAll
    iterationMapping:
      collection: $.files
      item: file
    steps:
      - type: task
        name: upload
        resourceArn: acs:fc:::services/storage/functions/upload
    outputMappings:
      - target: urls
        source: $local[*].url
"#,
    },
    Rule {
        code: "FDL305",
        name: "local-always-empty",
        severity: Severity::Warning,
        summary: "`$local` in the outputMappings of a pass, wait, succeed or fail step, whose `$local` is always empty.",
        explanation: r#"Pass, wait, succeed and fail steps produce no result of their own, so their `$local` is always an
empty object and `$local.x` has no value.
To pass data through such a step, map it from the step's input with `$input.x`, or use a
constant."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: computeTotal
    resourceArn: acs:fc:::services/cart/functions/compute-total
  - type: pass
    name: shapeResponse
    outputMappings:
      - target: total
        source: $local.total
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: computeTotal
    resourceArn: acs:fc:::services/cart/functions/compute-total
  - type: pass
    name: shapeResponse
    outputMappings:
      - target: total
        source: $input.total
"#,
    },
    Rule {
        code: "FDL306",
        name: "invalid-error-mapping-source",
        severity: Severity::Error,
        summary: "An `errorMappings` source is a reference other than `$local.error` or `$local.cause`.",
        explanation: r#"`errorMappings` build the output that a failed task hands to its catch target. At that point only
two values exist: `$local.error` (the error name) and `$local.cause` (the reason); constants are
allowed too.
Any other reference, such as `$local.message` or `$input.orderId`, is not supported there.
Use `$local.error` or `$local.cause`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: chargeCard
    resourceArn: acs:fc:::services/payments/functions/charge
    errorMappings:
      - target: reason
        source: $local.message
    catch:
      - errors:
          - PaymentDeclined
        goto: declined
  - type: task
    name: declined
    resourceArn: acs:fc:::services/payments/functions/notify-declined
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: chargeCard
    resourceArn: acs:fc:::services/payments/functions/charge
    errorMappings:
      - target: reason
        source: $local.cause
    catch:
      - errors:
          - PaymentDeclined
        goto: declined
  - type: task
    name: declined
    resourceArn: acs:fc:::services/payments/functions/notify-declined
"#,
    },
    Rule {
        code: "FDL307",
        name: "error-mappings-without-catch",
        severity: Severity::Warning,
        summary: "`errorMappings` on a task without `catch`.",
        explanation: r#"`errorMappings` take effect only when the task fails and a `catch` rule handles the error: they
shape the output passed to the catch rule's `goto` step.
Without `catch` the error goes straight up to the parent and the mappings are never used.
Add a `catch` rule, or remove the `errorMappings`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: renderThumbnail
    resourceArn: acs:fc:::services/media/functions/thumbnail
    errorMappings:
      - target: cause
        source: $local.cause
  - type: task
    name: reportFailure
    resourceArn: acs:fc:::services/media/functions/report-failure
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: renderThumbnail
    resourceArn: acs:fc:::services/media/functions/thumbnail
    errorMappings:
      - target: cause
        source: $local.cause
    catch:
      - errors:
          - FnF.ALL
        goto: reportFailure
  - type: task
    name: reportFailure
    resourceArn: acs:fc:::services/media/functions/report-failure
"#,
    },
    Rule {
        code: "FDL308",
        name: "invalid-condition",
        severity: Severity::Error,
        summary: "A choice `condition` does not parse.",
        explanation: r#"Conditions test the choice step's input: `$.status == "ready"`, `$.count >= 10 && $.retries < 3`,
`!$.done`, `($.a || $.b)`. Strings go in double quotes, single quotes or backticks; the operators
are `== != > >= < <= =~ !~ in && ||`.
A condition that does not parse, such as `$.a = 1`, `$.a ==`, an unclosed string, or `and`
instead of `&&`, cannot be evaluated.
Fix the expression; the message points at the exact character."#,
        bad: r#"version: v1
type: flow
steps:
  - type: choice
    name: isPaid
    choices:
      - condition: $.status = "paid"
        goto: ship
  - type: succeed
    name: notPaid
  - type: task
    name: ship
    resourceArn: acs:fc:::services/orders/functions/ship
"#,
        good: r#"version: v1
type: flow
steps:
  - type: choice
    name: isPaid
    choices:
      - condition: $.status == "paid"
        goto: ship
  - type: succeed
    name: notPaid
  - type: task
    name: ship
    resourceArn: acs:fc:::services/orders/functions/ship
"#,
    },
    Rule {
        code: "FDL309",
        name: "reference-where-path-expected",
        severity: Severity::Warning,
        summary: "`$input.x`, `$local.x` or `$context.x` where only a `$.key` path of the step input is read.",
        explanation: r#"Choice conditions, wait `duration` and `timestamp`, foreach `iterationMapping.collection` and
`serviceParams` values read the step's (mapped) input through `$.key` paths.
`$input`, `$local` and `$context` are the roots of mapping *sources*; written in these places they
are not resolved: a condition compares a missing value, a wait or foreach finds nothing, and a
`serviceParams` value is sent as the literal text.
Write `$.key` instead of `$input.key`. For `$local` or `$context` values, first bring them into
the step's input with `inputMappings`, then refer to them as `$.key`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: wait
    name: backOff
    duration: $input.delaySeconds
"#,
        good: r#"version: v1
type: flow
steps:
  - type: wait
    name: backOff
    duration: $.delaySeconds
"#,
    },
    Rule {
        code: "FDL401",
        name: "task-target-missing",
        severity: Severity::Error,
        summary: "A task has neither `resourceArn` nor `action`.",
        explanation: r#"A task step calls something: a Function Compute function, an MNS queue or topic, or a child flow
(`resourceArn`), or a cloud API (`action`).
With neither, there is nothing to invoke, and the task cannot run.
Add the `resourceArn` of the function or service to call, or an `action`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: validateCoupon
    inputMappings:
      - target: code
        source: $input.couponCode
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: validateCoupon
    resourceArn: acs:fc:::services/cart/functions/validate-coupon
    inputMappings:
      - target: code
        source: $input.couponCode
"#,
    },
    Rule {
        code: "FDL402",
        name: "task-target-conflict",
        severity: Severity::Warning,
        summary: "A task has both `resourceArn` and `action`.",
        explanation: r#"`action` replaces `resourceArn` for calls to cloud APIs: a task calls exactly one target.
With both keys it is unclear which one will be called.
Keep the one you mean: `resourceArn` for functions, queues, topics and child flows, or
`action: service:ApiName` for a cloud API."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: readIdCard
    resourceArn: acs:fc:::services/kyc/functions/read-id-card
    action: ocr:RecognizeIdentityCard
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: readIdCard
    action: ocr:RecognizeIdentityCard
"#,
    },
    Rule {
        code: "FDL403",
        name: "resource-arn-not-acs",
        severity: Severity::Error,
        summary: "`resourceArn` does not start with `acs:`.",
        explanation: r#"Alibaba Cloud resource names start with `acs:`, for example
`acs:fc:::services/orders/functions/validate`.
Other strings, such as an AWS ARN, a URL or a path without the prefix, name nothing the service
can call, so the task fails.
Write the full `acs:` ARN. Deploy-time placeholders such as `${FunctionArn}` are not checked."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: resizeAvatar
    resourceArn: services/avatars/functions/resize
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: resizeAvatar
    resourceArn: acs:fc:::services/avatars/functions/resize
"#,
    },
    Rule {
        code: "FDL404",
        name: "unknown-integration",
        severity: Severity::Warning,
        summary: "`resourceArn` points at a service FDL v1 tasks have no integration for.",
        explanation: r#"FDL v1 tasks integrate with Function Compute (`acs:fc`), child flows (`acs:fnf`) and MNS queues
and topics (`acs:mns`).
An ARN of another service, such as `acs:oss`, has no documented integration and most likely
fails when the task runs.
Call the service from a function, or use `action: service:ApiName` for a cloud API."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: putReport
    resourceArn: acs:oss:cn-hangzhou:123456789:reports/daily.csv
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: putReport
    resourceArn: acs:fc:::services/reports/functions/put-report
"#,
    },
    Rule {
        code: "FDL405",
        name: "malformed-resource-arn",
        severity: Severity::Warning,
        summary: "An `acs:fc`, `acs:fnf` or `acs:mns` ARN does not have a documented form.",
        explanation: r#"The documented forms are `acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}`
(region and account may be empty), `acs:fc:{region}:{account}:functions/{function}` (Function
Compute 3.0), `acs:fnf:::flow/{flow}`, `acs:mns:::/queues/{queue}/messages` and
`acs:mns:::/topics/{topic}/messages`.
Anything else, such as `function/` instead of `functions/` or a queue without `/messages`, most
likely does not resolve when the task runs. Compare the ARN with these forms."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: detectLanguage
    resourceArn: acs:fc:::services/nlp/function/detect-language
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: detectLanguage
    resourceArn: acs:fc:::services/nlp/functions/detect-language
"#,
    },
    Rule {
        code: "FDL406",
        name: "invalid-pattern",
        severity: Severity::Error,
        summary: "`pattern` is not `requestResponse`, `sync` or `waitForCallback`.",
        explanation: r#"A task's `pattern` says how it waits: `requestResponse` (the default: go on when the call
returns), `sync` (wait until the started job or child flow finishes) or `waitForCallback` (wait
until someone reports back with the task token).
The value is case-sensitive, and any other value is rejected; the message suggests the closest.
An asynchronous function call is `serviceParams: {InvocationType: Async}`, not a pattern."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: runReport
    resourceArn: acs:fnf:::flow/report
    pattern: Sync
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: runReport
    resourceArn: acs:fnf:::flow/report
    pattern: sync
"#,
    },
    Rule {
        code: "FDL407",
        name: "unsupported-pattern",
        severity: Severity::Error,
        summary: "The integration does not support this `pattern`.",
        explanation: r#"Not every integration supports every pattern. MNS queues and topics support `requestResponse` and
`waitForCallback`, but not `sync`: sending a message starts no job to wait for.
Use `requestResponse` to go on once the message is sent, or `waitForCallback` and put
`$context.task.token` into the message so that its consumer can report back."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: enqueueExport
    resourceArn: acs:mns:::/queues/exports/messages
    pattern: sync
    serviceParams:
      MessageBody: $
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: enqueueExport
    resourceArn: acs:mns:::/queues/exports/messages
    pattern: requestResponse
    serviceParams:
      MessageBody: $
"#,
    },
    Rule {
        code: "FDL408",
        name: "mns-message-body-missing",
        severity: Severity::Error,
        summary: "An MNS queue or topic task has no `serviceParams.MessageBody`.",
        explanation: r#"A task that sends to an MNS queue or topic must say what to send in `serviceParams.MessageBody`;
the documentation marks it as required, and without it there is no message.
Use `MessageBody: $` to send the step's whole (mapped) input, or `$.key` to send one value."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: queueEmail
    resourceArn: acs:mns:::/queues/outgoing-email/messages
    inputMappings:
      - target: to
        source: $input.email
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: queueEmail
    resourceArn: acs:mns:::/queues/outgoing-email/messages
    inputMappings:
      - target: to
        source: $input.email
    serviceParams:
      MessageBody: $
"#,
    },
    Rule {
        code: "FDL409",
        name: "task-token-without-callback",
        severity: Severity::Warning,
        summary: "`$context.task.token` is used in a task whose pattern is not `waitForCallback`.",
        explanation: r#"The task token lets a worker report back to a step that is waiting for it. Only
`waitForCallback` tasks wait; with `requestResponse` or `sync` the flow goes on at once, so the
token is never reported back, and a later report with it fails.
If the step should wait for the worker, set `pattern: waitForCallback`; otherwise remove the
token from the mappings."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: requestApproval
    resourceArn: acs:fc:::services/approvals/functions/request
    inputMappings:
      - target: taskToken
        source: $context.task.token
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: requestApproval
    resourceArn: acs:fc:::services/approvals/functions/request
    pattern: waitForCallback
    inputMappings:
      - target: taskToken
        source: $context.task.token
"#,
    },
    Rule {
        code: "FDL410",
        name: "callback-without-task-token",
        severity: Severity::Warning,
        summary: "A `waitForCallback` task never passes on `$context.task.token`.",
        explanation: r#"A `waitForCallback` task pauses until someone calls ReportTaskSucceeded or ReportTaskFailed with
the step's task token.
If neither its `inputMappings` nor its `serviceParams` pass `$context.task.token` on, nobody can
report back, and the step waits until it times out.
Map the token into the step's input, e.g. `target: taskToken` with `source: $context.task.token`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: humanReview
    resourceArn: acs:fc:::services/review/functions/create-review
    pattern: waitForCallback
    inputMappings:
      - target: documentId
        source: $input.documentId
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: humanReview
    resourceArn: acs:fc:::services/review/functions/create-review
    pattern: waitForCallback
    inputMappings:
      - target: documentId
        source: $input.documentId
      - target: taskToken
        source: $context.task.token
"#,
    },
    Rule {
        code: "FDL411",
        name: "unknown-builtin-error",
        severity: Severity::Warning,
        summary: "An error name starting with `FnF.` or `FC.` is not a built-in error.",
        explanation: r#"Names starting with `FnF.` and `FC.` belong to built-in errors: `FnF.ALL`, `FnF.TaskTimeout`,
`FnF.RuntimeError`, `FnF.InvalidLocal`, `FC.ResourceThrottled`, `FC.ResourceExhausted`,
`FC.InternalServerError`, `FC.Unknown`, `FC.ServiceNotFound`, `FC.FunctionNotFound` and
`FC.InvalidArgument`.
A misspelt one, such as `FnF.All`, matches no error, so the retry or catch rule never applies.
Use the built-in name the message suggests. Your own error names, and `service.Code` names from
`action` calls (`ocr.InternalError`), are fine."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: importContacts
    resourceArn: acs:fc:::services/crm/functions/import-contacts
    retry:
      - errors:
          - FnF.All
        maxAttempts: 3
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: importContacts
    resourceArn: acs:fc:::services/crm/functions/import-contacts
    retry:
      - errors:
          - FnF.ALL
        maxAttempts: 3
"#,
    },
    Rule {
        code: "FDL412",
        name: "retry-value-out-of-range",
        severity: Severity::Error,
        summary: "A retry setting is outside its allowed range.",
        explanation: r#"Retry rules take `intervalSeconds` and `maxIntervalSeconds` from 1 to 86400 (one day),
`maxAttempts` as a whole number of 0 or more, and a `multiplier` of at least 1 (fractions such as
`1.5` are fine).
Values outside these ranges are rejected by the service or make no sense: a multiplier below 1
would shrink the delay at every attempt.
Change the value to one inside the range."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: pollPaymentStatus
    resourceArn: acs:fc:::services/payments/functions/poll-status
    retry:
      - errors:
          - PaymentPending
        intervalSeconds: 0
        maxAttempts: 20
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: pollPaymentStatus
    resourceArn: acs:fc:::services/payments/functions/poll-status
    retry:
      - errors:
          - PaymentPending
        intervalSeconds: 1
        maxAttempts: 20
"#,
    },
    Rule {
        code: "FDL413",
        name: "invalid-action",
        severity: Severity::Warning,
        summary: "`action` is not of the form `service:ApiName`.",
        explanation: r#"An `action` names a cloud API by its service code, a colon and the API name:
`ocr:RecognizeIdentityCard`, `facebody:DetectFace`, `fnf:StartExecution`.
Without the service prefix, or with another separator such as a dot, the API cannot be found.
Write the action as `service:ApiName`."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: detectFace
    action: facebody.DetectFace
    serviceParams:
      ImageURL: $.photoUrl
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: detectFace
    action: facebody:DetectFace
    serviceParams:
      ImageURL: $.photoUrl
"#,
    },
    Rule {
        code: "FDL414",
        name: "unknown-service-param",
        severity: Severity::Hint,
        summary: "A `serviceParams` key the integration does not know.",
        explanation: r#"Each integration reads its own `serviceParams`: Function Compute `InvocationType` and
`StatefulAsyncInvocationID`; MNS queues `MessageBody`, `Priority` and `DelaySeconds`; MNS topics
`MessageBody`, `MessageTag` and `MessageAttributes`; child flows `Input` and `ExecutionName`.
Another key, often a known one in a different letter case, is most likely ignored.
Use the key the message suggests. Keys of `action` tasks are API parameters and are not checked."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: startEncoding
    resourceArn: acs:fc:::services/video/functions/encode
    serviceParams:
      invocationType: Async
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: startEncoding
    resourceArn: acs:fc:::services/video/functions/encode
    serviceParams:
      InvocationType: Async
"#,
    },
    Rule {
        code: "FDL415",
        name: "invalid-service-param",
        severity: Severity::Error,
        summary: "A `serviceParams` value is outside what the integration accepts.",
        explanation: r#"Some `serviceParams` accept only certain values: Function Compute `InvocationType` is `Sync` or
`Async`; MNS `Priority` is 1 to 16, and `DelaySeconds` is 0 to 604800 (7 days).
Any other constant makes the call fail when the step runs.
Use a value from the allowed set or range. Values read from the input with `$.key` are known only
at run time and are not checked."#,
        bad: r#"version: v1
type: flow
steps:
  - type: task
    name: enqueueAlert
    resourceArn: acs:mns:::/queues/alerts/messages
    serviceParams:
      MessageBody: $
      Priority: 20
"#,
        good: r#"version: v1
type: flow
steps:
  - type: task
    name: enqueueAlert
    resourceArn: acs:mns:::/queues/alerts/messages
    serviceParams:
      MessageBody: $
      Priority: 16
"#,
    },
];

/// Finds a rule by code (`FDL201`, case-insensitive) or name (`goto-target-missing`).
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}
