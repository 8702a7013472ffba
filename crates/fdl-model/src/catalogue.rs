//! The FDL v1 language catalogue: step kinds, fields (type, required, default, allowed values,
//! documentation), built-in error names, integrations and `$context` members.
//!
//! This is the single source of truth: structural checks, completion, hover and the JSON Schema
//! are all derived from it. Field order in each list is the canonical key order.

/// The eight step kinds of FDL v1.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum StepKind {
    Task,
    Pass,
    Choice,
    Parallel,
    Foreach,
    Wait,
    Succeed,
    Fail,
}

impl StepKind {
    pub const ALL: [StepKind; 8] = [
        StepKind::Task,
        StepKind::Pass,
        StepKind::Choice,
        StepKind::Parallel,
        StepKind::Foreach,
        StepKind::Wait,
        StepKind::Succeed,
        StepKind::Fail,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StepKind::Task => "task",
            StepKind::Pass => "pass",
            StepKind::Choice => "choice",
            StepKind::Parallel => "parallel",
            StepKind::Foreach => "foreach",
            StepKind::Wait => "wait",
            StepKind::Succeed => "succeed",
            StepKind::Fail => "fail",
        }
    }

    pub fn from_name(name: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn doc(self) -> &'static str {
        match self {
            StepKind::Task => {
                "Invokes a Function Compute function, sends to an MNS queue or topic, starts a child flow (`resourceArn`), or calls a cloud API (`action`)."
            }
            StepKind::Pass => {
                "Produces constants or reshapes its input with `outputMappings`; does nothing else. Useful as a placeholder while designing a flow."
            }
            StepKind::Choice => {
                "Runs the first branch whose `condition` is true (or `default`), then jumps to its `goto` if any."
            }
            StepKind::Parallel => {
                "Runs all `branches` at the same time; its `$local` is an array with one object per branch."
            }
            StepKind::Foreach => {
                "Runs `steps` once for every element of the array named by `iterationMapping.collection`, up to 100 iterations at a time."
            }
            StepKind::Wait => "Waits for `duration` seconds or until `timestamp` (at most 2 days).",
            StepKind::Succeed => "Ends the enclosing list of steps successfully, like `return`.",
            StepKind::Fail => {
                "Ends the enclosing list of steps with an error, like `throw`: the parent step fails, up to the whole execution."
            }
        }
    }

    /// True for kinds whose `$local` is an array (one object per branch or iteration).
    pub fn local_is_array(self) -> bool {
        matches!(self, StepKind::Parallel | StepKind::Foreach)
    }

    /// True for kinds that produce no data of their own (`$local` is always empty).
    pub fn local_is_empty(self) -> bool {
        matches!(
            self,
            StepKind::Pass | StepKind::Wait | StepKind::Succeed | StepKind::Fail
        )
    }

    /// True for kinds that end the enclosing serial list.
    pub fn is_terminal(self) -> bool {
        matches!(self, StepKind::Succeed | StepKind::Fail)
    }

    /// The fields of which this kind needs one (task: `resourceArn` or `action`; wait:
    /// exactly one of `duration` and `timestamp`).
    pub fn one_of(self) -> Option<&'static OneOf> {
        match self {
            StepKind::Task => Some(&OneOf {
                fields: &["resourceArn", "action"],
                exclusive: false,
            }),
            StepKind::Wait => Some(&OneOf {
                fields: &["duration", "timestamp"],
                exclusive: true,
            }),
            _ => None,
        }
    }

    /// A small, complete and valid step of this kind, as FDL text (one YAML mapping), for
    /// snippets that insert a whole step.
    pub fn example(self) -> &'static str {
        match self {
            StepKind::Task => {
                "type: task\nname: invoke-function\nresourceArn: acs:fc:::services/my-service/functions/my-function\n"
            }
            StepKind::Pass => {
                "type: pass\nname: set-status\noutputMappings:\n  - target: status\n    source: ready\n"
            }
            StepKind::Choice => {
                "type: choice\nname: check-status\nchoices:\n  - condition: $.status == \"ready\"\n    steps:\n      - type: pass\n        name: when-ready\ndefault:\n  steps:\n    - type: pass\n      name: otherwise\n"
            }
            StepKind::Parallel => {
                "type: parallel\nname: run-together\nbranches:\n  - steps:\n      - type: pass\n        name: first-branch\n  - steps:\n      - type: pass\n        name: second-branch\n"
            }
            StepKind::Foreach => {
                "type: foreach\nname: for-each-item\niterationMapping:\n  collection: $.items\n  item: item\nsteps:\n  - type: pass\n    name: handle-item\n"
            }
            StepKind::Wait => "type: wait\nname: wait-a-little\nduration: 10\n",
            StepKind::Succeed => "type: succeed\nname: done\n",
            StepKind::Fail => "type: fail\nname: give-up\nerror: MyError\ncause: what went wrong\n",
        }
    }

    /// The fields of this step kind, in canonical order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            StepKind::Task => TASK_FIELDS,
            StepKind::Pass => PASS_FIELDS,
            StepKind::Choice => CHOICE_FIELDS,
            StepKind::Parallel => PARALLEL_FIELDS,
            StepKind::Foreach => FOREACH_FIELDS,
            StepKind::Wait => WAIT_FIELDS,
            StepKind::Succeed => SUCCEED_FIELDS,
            StepKind::Fail => FAIL_FIELDS,
        }
    }
}

/// The expected value of a field.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ValueType {
    /// Any scalar that is not null (numbers are accepted where a string is expected).
    String,
    Boolean,
    Integer,
    Number,
    /// Any YAML value.
    Any,
    /// A mapping with fields of the given context.
    Object(Context),
    /// A mapping whose keys depend on something else (`serviceParams`).
    Map,
    /// A list of mappings with fields of the given context.
    ListOf(Context),
    /// A list of strings.
    StringList,
    /// A list of steps.
    Steps,
    /// Checked by a dedicated rule (e.g. `timeoutSeconds`, wait `duration`); the field's
    /// `special` says what that rule accepts.
    Special,
}

/// What the dedicated rule of a `ValueType::Special` field accepts, so that the JSON Schema and
/// editors can describe the value without repeating the rule. Deploy-time placeholders are
/// accepted everywhere on top of this.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Special {
    /// One of the field's `values`; anything else is an error.
    Listed,
    /// A step name: any scalar that is not blank.
    StepName,
    /// A whole number of seconds, at least the field's `min`.
    Seconds,
    /// A number of seconds (fractions allowed) from the field's `min` to its `max`, or a
    /// `$.key` of the step input.
    SecondsOrPath,
    /// An RFC 3339 date-time (or what a YAML 1.1 loader reads as a timestamp), or a `$.key` of
    /// the step input.
    TimeOrPath,
    /// A `$.key` path of the step input.
    Path,
    /// `acs:{service}:{region}:{account}:{resource}`; a string that does not start with
    /// `acs:{service}` is an error (shapes the service may not know are only warnings).
    ResourceArn,
    /// `{serviceName}:{apiName}`; any other string is only a warning.
    Action,
}

/// Fields of which a step needs one: `exclusive` when giving more than one is an error too.
/// An empty value (`key:` or a blank string) counts as absent.
#[derive(Debug)]
pub struct OneOf {
    pub fields: &'static [&'static str],
    pub exclusive: bool,
}

/// Where a mapping appears, which decides the keys it may hold.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Context {
    Flow,
    Step(StepKind),
    /// A step whose `type` is missing or unknown.
    UnknownStep,
    MappingItem,
    RetryRule,
    CatchRule,
    ChoiceBranch,
    ChoiceDefault,
    ParallelBranch,
    IterationMapping,
}

impl Context {
    pub fn fields(self) -> &'static [Field] {
        match self {
            Context::Flow => FLOW_FIELDS,
            Context::Step(kind) => kind.fields(),
            Context::UnknownStep => COMMON_STEP_FIELDS,
            Context::MappingItem => MAPPING_ITEM_FIELDS,
            Context::RetryRule => RETRY_FIELDS,
            Context::CatchRule => CATCH_FIELDS,
            Context::ChoiceBranch => CHOICE_BRANCH_FIELDS,
            Context::ChoiceDefault => CHOICE_DEFAULT_FIELDS,
            Context::ParallelBranch => PARALLEL_BRANCH_FIELDS,
            Context::IterationMapping => ITERATION_MAPPING_FIELDS,
        }
    }

    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// What this kind of mapping is, for documentation (hover, the JSON Schema).
    pub fn doc(self) -> &'static str {
        match self {
            Context::Flow => {
                "An FDL v1 flow definition of Alibaba Cloud Serverless Workflow: `version`, `type: flow` and the `steps` that run one after another."
            }
            Context::Step(kind) => kind.doc(),
            Context::UnknownStep => {
                "A step: `type` says which of the eight kinds it is, `name` identifies it among its siblings."
            }
            Context::MappingItem => {
                "One item of a mapping list: the value of `source` is written into the resulting JSON object under the key `target`."
            }
            Context::RetryRule => {
                "A retry rule: when the task fails with one of `errors`, it is retried after `intervalSeconds`, with the delay growing by `multiplier`, at most `maxAttempts` times."
            }
            Context::CatchRule => {
                "A catch rule: when the task still fails with one of `errors` after its retries, the flow continues at the sibling step named by `goto`."
            }
            Context::ChoiceBranch => {
                "A branch of a choice step: when its `condition` is the first that is true, its `steps` run, then it jumps to its `goto` if any."
            }
            Context::ChoiceDefault => {
                "What a choice step runs when no condition is true: `steps` and/or a `goto`."
            }
            Context::ParallelBranch => {
                "A branch of a parallel step: its `steps` run one after another, alongside the other branches."
            }
            Context::IterationMapping => {
                "Which input array a foreach step iterates over (`collection`), and the keys under which each element (`item`) and its position (`index`) are added to the iteration's input."
            }
        }
    }

    /// How to name this place in a message: "the flow", "a `task` step", "a retry rule".
    pub fn describe(self) -> String {
        match self {
            Context::Flow => "the flow".into(),
            Context::Step(kind) => format!("a `{}` step", kind.name()),
            Context::UnknownStep => "a step".into(),
            Context::MappingItem => "a mapping item".into(),
            Context::RetryRule => "a retry rule".into(),
            Context::CatchRule => "a catch rule".into(),
            Context::ChoiceBranch => "a choice branch".into(),
            Context::ChoiceDefault => "a choice `default`".into(),
            Context::ParallelBranch => "a parallel branch".into(),
            Context::IterationMapping => "`iterationMapping`".into(),
        }
    }
}

/// One field of a mapping.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: ValueType,
    pub required: bool,
    /// The default, as FDL text, when one is documented.
    pub default: Option<&'static str>,
    /// Allowed values with their documentation, for enums: any other value is an error.
    pub values: &'static [EnumValue],
    /// For a `ValueType::Special` field, what its rule accepts (`None` for other types).
    pub special: Option<Special>,
    /// The smallest number, or the fewest list items, that is not an error.
    pub min: Option<i64>,
    /// The largest number, or the most list items, that is not an error.
    pub max: Option<i64>,
    pub doc: &'static str,
}

#[derive(Debug)]
pub struct EnumValue {
    pub name: &'static str,
    pub doc: &'static str,
}

const fn field(name: &'static str, ty: ValueType, required: bool, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required,
        default: None,
        values: &[],
        special: None,
        min: None,
        max: None,
        doc,
    }
}

/// A field checked by a dedicated rule, which accepts `special`.
const fn special(name: &'static str, special: Special, required: bool, doc: &'static str) -> Field {
    let mut f = field(name, ValueType::Special, required, doc);
    f.special = Some(special);
    f
}

const fn with_range(mut f: Field, min: Option<i64>, max: Option<i64>) -> Field {
    f.min = min;
    f.max = max;
    f
}

const fn with_default(mut f: Field, default: &'static str) -> Field {
    f.default = Some(default);
    f
}

const fn with_values(mut f: Field, values: &'static [EnumValue]) -> Field {
    f.values = values;
    f
}

pub static VERSION_VALUES: &[EnumValue] = &[
    EnumValue {
        name: "v1",
        doc: "FDL version 1, the only version the service documents.",
    },
    EnumValue {
        name: "v1beta1",
        doc: "The legacy name of v1, still used by about half of deployed flows.",
    },
];

pub static FLOW_TYPE_VALUES: &[EnumValue] = &[EnumValue {
    name: "flow",
    doc: "An FDL flow definition.",
}];

pub static STEP_TYPE_VALUES: &[EnumValue] = &[
    EnumValue {
        name: "task",
        doc: "Invokes a function, an MNS queue or topic, a child flow, or a cloud API.",
    },
    EnumValue {
        name: "pass",
        doc: "Outputs constants or reshapes its input.",
    },
    EnumValue {
        name: "choice",
        doc: "Branches on conditions.",
    },
    EnumValue {
        name: "parallel",
        doc: "Runs branches at the same time.",
    },
    EnumValue {
        name: "foreach",
        doc: "Runs steps for every element of an array.",
    },
    EnumValue {
        name: "wait",
        doc: "Waits for a duration or until a timestamp.",
    },
    EnumValue {
        name: "succeed",
        doc: "Ends the enclosing list of steps successfully.",
    },
    EnumValue {
        name: "fail",
        doc: "Ends the enclosing list of steps with an error.",
    },
];

/// The pattern of a task that names none.
pub const DEFAULT_PATTERN: &str = "requestResponse";

pub static PATTERN_VALUES: &[EnumValue] = &[
    EnumValue {
        name: "requestResponse",
        doc: "Call the service and continue as soon as the call returns (the default).",
    },
    EnumValue {
        name: "sync",
        doc: "Submit the job asynchronously and wait until it finishes; its result becomes `$local`.",
    },
    EnumValue {
        name: "waitForCallback",
        doc: "Submit with a task token (`$context.task.token`) and suspend until someone reports the task succeeded or failed with that token, or the step times out.",
    },
];

const TYPE_DOC: &str =
    "The kind of step: task, pass, choice, parallel, foreach, wait, succeed or fail.";
const NAME_DOC: &str =
    "The step's name, unique among its siblings. `goto` and `catch` refer to steps by this name.";
const END_DOC: &str = "When true, the enclosing list of steps ends after this step: the steps after it do not run (unless a `goto` jumps to them).";
const INPUT_MAPPINGS_DOC: &str = "Builds this step's input from the parent's input (`$input`), the outputs of earlier siblings (`$local`) and `$context`. Default: the parent's input merged with its local.";
const OUTPUT_MAPPINGS_DOC: &str = "Builds this step's output from its input (`$input`) and its result (`$local`). The output is merged into the parent's local. Default: `$local`.";

macro_rules! common_head {
    () => {
        [
            with_values(
                special("type", Special::Listed, true, TYPE_DOC),
                STEP_TYPE_VALUES,
            ),
            special("name", Special::StepName, true, NAME_DOC),
        ]
    };
}

const END: Field = with_default(field("end", ValueType::Boolean, false, END_DOC), "false");
const INPUT_MAPPINGS: Field = field(
    "inputMappings",
    ValueType::ListOf(Context::MappingItem),
    false,
    INPUT_MAPPINGS_DOC,
);
const OUTPUT_MAPPINGS: Field = field(
    "outputMappings",
    ValueType::ListOf(Context::MappingItem),
    false,
    OUTPUT_MAPPINGS_DOC,
);

static COMMON_STEP_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [t, n, END, INPUT_MAPPINGS, OUTPUT_MAPPINGS]
};

static TASK_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [
        t,
        n,
        special(
            "resourceArn",
            Special::ResourceArn,
            false,
            "What the task invokes: a Function Compute function (`acs:fc:::services/{service}/functions/{function}`), an MNS queue or topic (`acs:mns:::/queues/{queue}/messages`, `acs:mns:::/topics/{topic}/messages`) or a child flow (`acs:fnf:::flow/{flow}`). Give this or `action`.",
        ),
        special(
            "action",
            Special::Action,
            false,
            "A cloud API to call instead of a resource, as `{serviceName}:{apiName}` (e.g. `ocr:RecognizeIdentityCard`, `fnf:StartExecution`); its parameters go in `serviceParams`. Give this or `resourceArn`.",
        ),
        with_values(
            with_default(
                field(
                    "pattern",
                    ValueType::String,
                    false,
                    "How the task waits for the service: `requestResponse` (default), `sync` or `waitForCallback`.",
                ),
                DEFAULT_PATTERN,
            ),
            PATTERN_VALUES,
        ),
        with_range(
            special(
                "timeoutSeconds",
                Special::Seconds,
                false,
                "The task fails with `FnF.TaskTimeout` if it runs longer than this many seconds (for `waitForCallback`: if no callback arrives in time).",
            ),
            Some(1),
            None,
        ),
        field(
            "serviceParams",
            ValueType::Map,
            false,
            "Request parameters of the integration (e.g. `MessageBody` for MNS, `InvocationType` for Function Compute). Values are constants, `$` (the whole mapped input) or `$.key`.",
        ),
        INPUT_MAPPINGS,
        OUTPUT_MAPPINGS,
        field(
            "errorMappings",
            ValueType::ListOf(Context::MappingItem),
            false,
            "Maps `$local.error` and `$local.cause` of a failed task into the output passed to the `catch` target. Only takes effect when `catch` is configured.",
        ),
        field(
            "retry",
            ValueType::ListOf(Context::RetryRule),
            false,
            "Retry rules, checked in order: the first whose `errors` match the error applies. Retry runs before catch.",
        ),
        field(
            "catch",
            ValueType::ListOf(Context::CatchRule),
            false,
            "Catch rules, checked in order after retries are exhausted: the first whose `errors` match jumps to its `goto` step.",
        ),
        END,
    ]
};

static PASS_FIELDS: &[Field] = COMMON_STEP_FIELDS;

static CHOICE_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [
        t,
        n,
        field(
            "choices",
            ValueType::ListOf(Context::ChoiceBranch),
            true,
            "Branches tried in order: the first whose `condition` is true runs its `steps`, then jumps to its `goto` if any.",
        ),
        field(
            "default",
            ValueType::Object(Context::ChoiceDefault),
            false,
            "What runs when no condition is true: `steps` and/or `goto`. Without it the choice step just ends.",
        ),
        END,
        INPUT_MAPPINGS,
        OUTPUT_MAPPINGS,
    ]
};

static PARALLEL_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [
        t,
        n,
        with_range(
            field(
                "branches",
                ValueType::ListOf(Context::ParallelBranch),
                true,
                "The branches that run at the same time (at most 100), each with its own `steps`.",
            ),
            None,
            Some(MAX_PARALLEL_BRANCHES as i64),
        ),
        END,
        INPUT_MAPPINGS,
        OUTPUT_MAPPINGS,
    ]
};

static FOREACH_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [
        t,
        n,
        field(
            "iterationMapping",
            ValueType::Object(Context::IterationMapping),
            true,
            "Which input array to iterate (`collection`) and under which keys each element (`item`) and its position (`index`) are added to the iteration's input.",
        ),
        field(
            "steps",
            ValueType::Steps,
            true,
            "The steps run for every element of the collection.",
        ),
        END,
        INPUT_MAPPINGS,
        OUTPUT_MAPPINGS,
    ]
};

static WAIT_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [
        t,
        n,
        with_range(
            special(
                "duration",
                Special::SecondsOrPath,
                false,
                "How long to wait: a number of seconds (at most 172800, 2 days) or a `$.key` of the step input. Give this or `timestamp`.",
            ),
            Some(0),
            Some(MAX_WAIT_SECONDS),
        ),
        special(
            "timestamp",
            Special::TimeOrPath,
            false,
            "Wait until this RFC 3339 time (e.g. `2019-05-02T15:04:05Z`) or the time in a `$.key` of the step input. A time in the past ends the wait at once. Give this or `duration`.",
        ),
        END,
        INPUT_MAPPINGS,
        OUTPUT_MAPPINGS,
    ]
};

static SUCCEED_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [t, n, INPUT_MAPPINGS, OUTPUT_MAPPINGS]
};

static FAIL_FIELDS: &[Field] = &{
    let [t, n] = common_head!();
    [
        t,
        n,
        field(
            "error",
            ValueType::String,
            false,
            "The error name the failure carries (a parent's `retry`/`catch` can match it).",
        ),
        field(
            "cause",
            ValueType::String,
            false,
            "A human-readable reason for the failure.",
        ),
        INPUT_MAPPINGS,
        OUTPUT_MAPPINGS,
    ]
};

static FLOW_FIELDS: &[Field] = &[
    with_values(
        special(
            "version",
            Special::Listed,
            true,
            "The FDL version: `v1` (`v1beta1` is its legacy name).",
        ),
        VERSION_VALUES,
    ),
    with_values(
        special("type", Special::Listed, true, "Always `flow`."),
        FLOW_TYPE_VALUES,
    ),
    field(
        "name",
        ValueType::String,
        false,
        "The flow's name; if given it should equal the flow name used when deploying.",
    ),
    with_range(
        special(
            "timeoutSeconds",
            Special::Seconds,
            false,
            "The execution times out if it runs longer than this many seconds (an execution lasts at most one year).",
        ),
        Some(1),
        None,
    ),
    field(
        "inputMappings",
        ValueType::ListOf(Context::MappingItem),
        false,
        "Builds the flow's input from the execution input (`$input`). Default: the execution input.",
    ),
    field(
        "outputMappings",
        ValueType::ListOf(Context::MappingItem),
        false,
        "Builds the execution output from the flow input (`$input`) and the merged outputs of the top-level steps (`$local`). Default: `$local`.",
    ),
    field(
        "steps",
        ValueType::Steps,
        true,
        "The top-level steps, run one after another.",
    ),
];

static MAPPING_ITEM_FIELDS: &[Field] = &[
    field(
        "target",
        ValueType::String,
        true,
        "The key written into the resulting JSON object.",
    ),
    field(
        "source",
        ValueType::Any,
        true,
        "Where the value comes from: a reference starting with `$input`, `$local` or `$context` (e.g. `$input.orderId`, `$local[*].result`), or any constant (string, number, list, map).",
    ),
];

static RETRY_FIELDS: &[Field] = &[
    field(
        "errors",
        ValueType::StringList,
        true,
        "The error names this rule matches (`FnF.ALL` matches every error).",
    ),
    with_range(
        with_default(
            field(
                "intervalSeconds",
                ValueType::Integer,
                false,
                "Seconds before the first retry (1 to 86400).",
            ),
            "1",
        ),
        Some(1),
        Some(MAX_RETRY_INTERVAL_SECONDS),
    ),
    with_range(
        with_default(
            field(
                "maxIntervalSeconds",
                ValueType::Integer,
                false,
                "The longest delay between two retries, in seconds (1 to 86400).",
            ),
            "86400",
        ),
        Some(1),
        Some(MAX_RETRY_INTERVAL_SECONDS),
    ),
    with_range(
        with_default(
            field(
                "maxAttempts",
                ValueType::Integer,
                false,
                "How many times to retry (0 means no retry).",
            ),
            "3",
        ),
        Some(0),
        None,
    ),
    with_range(
        with_default(
            field(
                "multiplier",
                ValueType::Number,
                false,
                "The factor by which the delay grows after each retry (at least 1; fractions such as 1.5 are fine).",
            ),
            "2",
        ),
        Some(1),
        None,
    ),
];

static CATCH_FIELDS: &[Field] = &[
    field(
        "errors",
        ValueType::StringList,
        true,
        "The error names this rule matches (`FnF.ALL` matches every error).",
    ),
    field(
        "goto",
        ValueType::String,
        true,
        "The step to continue with; it must be a sibling of the task (in the same `steps` list).",
    ),
];

static CHOICE_BRANCH_FIELDS: &[Field] = &[
    field(
        "condition",
        ValueType::String,
        true,
        "An expression over the choice step's input, e.g. `$.status == \"ready\" && $.count > 0`.",
    ),
    field(
        "steps",
        ValueType::Steps,
        false,
        "Steps run when this branch is chosen.",
    ),
    field(
        "goto",
        ValueType::String,
        false,
        "After the branch's steps, jump to this step; it must be a sibling of the choice step.",
    ),
];

static CHOICE_DEFAULT_FIELDS: &[Field] = &[
    field(
        "steps",
        ValueType::Steps,
        false,
        "Steps run when no condition is true.",
    ),
    field(
        "goto",
        ValueType::String,
        false,
        "After the default steps, jump to this step; it must be a sibling of the choice step.",
    ),
];

static PARALLEL_BRANCH_FIELDS: &[Field] = &[field(
    "steps",
    ValueType::Steps,
    true,
    "The steps of this branch, run one after another.",
)];

static ITERATION_MAPPING_FIELDS: &[Field] = &[
    special(
        "collection",
        Special::Path,
        true,
        "The input array to iterate over, as `$.key` (e.g. `$.names`).",
    ),
    field(
        "item",
        ValueType::String,
        true,
        "The key under which the current element is added to each iteration's input.",
    ),
    field(
        "index",
        ValueType::String,
        false,
        "The key under which the current element's position is added to each iteration's input.",
    ),
];

/// The step kinds that have the field `key` (empty for a key no step has); tells "a field of
/// another kind of step" from "unknown".
pub fn step_kinds_with_field(key: &str) -> Vec<StepKind> {
    StepKind::ALL
        .into_iter()
        .filter(|k| k.fields().iter().any(|f| f.name == key))
        .collect()
}

/// A built-in error name.
#[derive(Debug)]
pub struct BuiltinError {
    pub name: &'static str,
    pub doc: &'static str,
}

pub static BUILTIN_ERRORS: &[BuiltinError] = &[
    BuiltinError {
        name: "FnF.ALL",
        doc: "Matches every error.",
    },
    BuiltinError {
        name: "FnF.TaskTimeout",
        doc: "The task ran longer than its `timeoutSeconds`.",
    },
    BuiltinError {
        name: "FnF.RuntimeError",
        doc: "A runtime error, e.g. a failed child flow.",
    },
    BuiltinError {
        name: "FnF.InvalidLocal",
        doc: "The function's result could not become `$local` (e.g. it is not a JSON object), or another error raised by the function code.",
    },
    BuiltinError {
        name: "FC.ResourceThrottled",
        doc: "Function Compute throttled the invocation (retryable).",
    },
    BuiltinError {
        name: "FC.ResourceExhausted",
        doc: "Function Compute resources are exhausted, HTTP 429 (retryable).",
    },
    BuiltinError {
        name: "FC.InternalServerError",
        doc: "An internal Function Compute error (retryable).",
    },
    BuiltinError {
        name: "FC.Unknown",
        doc: "An unknown Function Compute error (retryable).",
    },
    BuiltinError {
        name: "FC.ServiceNotFound",
        doc: "The Function Compute service does not exist.",
    },
    BuiltinError {
        name: "FC.FunctionNotFound",
        doc: "The Function Compute function does not exist.",
    },
    BuiltinError {
        name: "FC.InvalidArgument",
        doc: "Function Compute rejected the invocation's arguments.",
    },
];

/// Prefixes reserved for built-in error names: a name with one of these that is not in
/// `BUILTIN_ERRORS` is almost surely a typo.
pub const BUILTIN_ERROR_PREFIXES: &[&str] = &["FnF.", "FC."];

pub fn builtin_error(name: &str) -> Option<&'static BuiltinError> {
    BUILTIN_ERRORS.iter().find(|e| e.name == name)
}

/// A service that a task's `resourceArn` can name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Integration {
    FcFunction,
    ChildFlow,
    MnsQueue,
    MnsTopic,
}

#[derive(Debug)]
pub struct ServiceParam {
    pub name: &'static str,
    pub required: bool,
    pub doc: &'static str,
}

impl Integration {
    pub const ALL: [Integration; 4] = [
        Integration::FcFunction,
        Integration::ChildFlow,
        Integration::MnsQueue,
        Integration::MnsTopic,
    ];

    /// How to name it in messages.
    pub fn title(self) -> &'static str {
        match self {
            Integration::FcFunction => "Function Compute function",
            Integration::ChildFlow => "child flow",
            Integration::MnsQueue => "MNS queue",
            Integration::MnsTopic => "MNS topic",
        }
    }

    /// The title with its article, for messages: "a child flow", "an MNS queue".
    pub fn with_article(self) -> String {
        let article = match self {
            Integration::MnsQueue | Integration::MnsTopic => "an",
            Integration::FcFunction | Integration::ChildFlow => "a",
        };
        format!("{article} {}", self.title())
    }

    /// The `resourceArn` template, with `{holes}` to fill in.
    pub fn arn_template(self) -> &'static str {
        match self {
            Integration::FcFunction => {
                "acs:fc:{region}:{accountID}:services/{serviceName}/functions/{functionName}"
            }
            Integration::ChildFlow => "acs:fnf:::flow/{flowName}",
            Integration::MnsQueue => "acs:mns:::/queues/{queueName}/messages",
            Integration::MnsTopic => "acs:mns:::/topics/{topicName}/messages",
        }
    }

    pub fn patterns(self) -> &'static [&'static str] {
        match self {
            Integration::FcFunction | Integration::ChildFlow => {
                &["requestResponse", "sync", "waitForCallback"]
            }
            Integration::MnsQueue | Integration::MnsTopic => {
                &["requestResponse", "waitForCallback"]
            }
        }
    }

    pub fn service_params(self) -> &'static [ServiceParam] {
        match self {
            Integration::FcFunction => &[
                ServiceParam {
                    name: "InvocationType",
                    required: false,
                    doc: "`Sync` (default) or `Async`: invoke the function synchronously or asynchronously.",
                },
                ServiceParam {
                    name: "StatefulAsyncInvocationID",
                    required: false,
                    doc: "Identifies a stateful asynchronous invocation; must be unique within the function.",
                },
            ],
            Integration::ChildFlow => &[
                ServiceParam {
                    name: "Input",
                    required: false,
                    doc: "The child execution's input, usually `$` (the whole mapped input).",
                },
                ServiceParam {
                    name: "ExecutionName",
                    required: false,
                    doc: "The child execution's name (default: a random name), e.g. `$.childName`.",
                },
            ],
            Integration::MnsQueue => &[
                ServiceParam {
                    name: "MessageBody",
                    required: true,
                    doc: "The message to send; `$` serialises the whole mapped input.",
                },
                ServiceParam {
                    name: "Priority",
                    required: false,
                    doc: "Message priority, 1 (highest) to 16; default 8.",
                },
                ServiceParam {
                    name: "DelaySeconds",
                    required: false,
                    doc: "Seconds before the message becomes visible, 0 to 604800.",
                },
            ],
            Integration::MnsTopic => &[
                ServiceParam {
                    name: "MessageBody",
                    required: true,
                    doc: "The message to publish; `$` serialises the whole mapped input.",
                },
                ServiceParam {
                    name: "MessageTag",
                    required: false,
                    doc: "A tag used to filter the message for subscriptions.",
                },
                ServiceParam {
                    name: "MessageAttributes",
                    required: false,
                    doc: "Message attributes, as JSON.",
                },
            ],
        }
    }
}

/// The `$context` members that are documented or seen in real flows.
pub static CONTEXT_MEMBERS: &[(&str, &str)] = &[
    (
        "task.token",
        "The task token of a `waitForCallback` task: pass it to the worker, which reports the result with it.",
    ),
    ("execution.name", "The name of the current execution."),
    ("flow.name", "The name of the current flow."),
    (
        "step.eventId",
        "The current event id (executions are limited to 5,000 events; hand over to a child flow before that).",
    ),
];

/// Maximum number of `parallel` branches.
pub const MAX_PARALLEL_BRANCHES: usize = 100;
/// Maximum wait: 2 days.
pub const MAX_WAIT_SECONDS: i64 = 172_800;
/// Retry interval bounds.
pub const MAX_RETRY_INTERVAL_SECONDS: i64 = 86_400;
/// An execution lasts at most one year.
pub const MAX_EXECUTION_SECONDS: i64 = 31_536_000;
/// Longer step names are suspicious (mirrors the flow-name limit).
pub const MAX_STEP_NAME_CHARS: usize = 128;
