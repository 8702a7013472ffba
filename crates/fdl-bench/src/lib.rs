//! Deterministic generator of large, realistic and valid FDL flows, for benchmarks and tests.
//!
//! `flow(seed, bytes)` and `flow_with_steps(seed, steps)` write flows that mix every step kind
//! the way real flows do (Function Compute, MNS and child-flow tasks, `action` tasks, callback
//! patterns, retry/catch with an error-handler tail, polling loops with a backward `goto`,
//! parallel branches, foreach, waits, comments, Chinese names), nested up to four lists deep.
//! Every flow is meant to be valid under FDL-SPEC.md §12: `fdl_check::check_source` must report
//! nothing on it, so a diagnostic on a generated flow points at a checker false positive (or a
//! generator bug), and the tests say which.
//!
//! The output depends only on the arguments: the generator has its own PRNG (SplitMix64).
//! (`gen` is a reserved word in edition 2024, so the API lives at the crate root.)

/// A flow of about `target_bytes` bytes (8 KB targets land within about 15%): top-level steps
/// are added until the size is reached. Always at least one step.
pub fn flow(seed: u64, target_bytes: usize) -> String {
    Gen::new(seed).flow(Budget::Bytes(target_bytes))
}

/// A flow with exactly `top_level_steps` top-level steps (at least one), about 700 bytes each
/// on average counting what they nest.
pub fn flow_with_steps(seed: u64, top_level_steps: usize) -> String {
    Gen::new(seed).flow(Budget::Steps(top_level_steps.max(1)))
}

/// Lists nest at most this deep; the top-level list is depth 1.
const MAX_DEPTH: usize = 4;

/// SplitMix64: tiny, fast, and good enough for choosing among templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index into `weights`, chosen in proportion to the weights (0 when all are 0).
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut roll = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if roll < w {
                return i;
            }
            roll -= w;
        }
        0
    }
}

#[derive(Clone, Copy)]
enum Budget {
    /// Exactly this many steps in the list.
    Steps(usize),
    /// Steps until the whole output reaches this many bytes.
    Bytes(usize),
}

/// Per-list state: the error-handler tail that `catch` and choice `goto`s of this list may
/// jump to, and whether anything did (an untargeted handler after the list's end would be
/// unreachable).
struct ListCx {
    handler: Option<String>,
    handler_used: bool,
}

impl ListCx {
    fn handler(&mut self) -> Option<String> {
        let h = self.handler.clone();
        if h.is_some() {
            self.handler_used = true;
        }
        h
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Task,
    Pass,
    Wait,
    Choice,
    Parallel,
    Foreach,
    /// submit, wait, query, choice with a backward `goto` to the wait (4 steps).
    Polling,
    /// a choice whose `goto` skips the next step (3 steps).
    SkipAhead,
}

const KEYS: &[&str] = &[
    "orderId",
    "userId",
    "items",
    "amount",
    "currency",
    "status",
    "region",
    "bucket",
    "objectKey",
    "imageUrl",
    "videoKey",
    "jobId",
    "batchId",
    "retryCount",
    "priority",
    "callbackUrl",
    "tenantId",
    "traceId",
    "totalSize",
    "marker",
    "split_keys",
    "event_id",
];

/// Keys that hold numbers, for the ordering comparisons.
const NUM_KEYS: &[&str] = &[
    "amount",
    "retryCount",
    "priority",
    "totalSize",
    "event_id",
    "faceCount",
];

const STEP_NAMES: &[(&str, &str)] = &[
    ("ValidateOrder", "校验订单"),
    ("ChargePayment", "扣款"),
    ("ReserveStock", "预占库存"),
    ("SendNotification", "发送通知"),
    ("ResizeImage", "图片缩放"),
    ("TranscodeVideo", "视频转码"),
    ("RiskScore", "风控评分"),
    ("ExtractData", "抽取数据"),
    ("LoadWarehouse", "加载数仓"),
    ("AuditContent", "内容审核"),
    ("ShipOrder", "发货"),
    ("RefundPayment", "退款"),
    ("SplitObjects", "拆分对象"),
    ("MergeResults", "合并结果"),
    ("UpdateLedger", "更新账本"),
    ("ArchiveLogs", "归档日志"),
];

const FC_SERVICES: &[&str] = &[
    "order-svc",
    "media-processing",
    "payment",
    "etl-pipeline",
    "notification",
    "inventory",
    "risk_control",
    "video-demo",
];
const FC_FUNCTIONS: &[&str] = &[
    "validate",
    "resize",
    "transcode",
    "charge",
    "split",
    "merge",
    "notify",
    "reserve",
    "score",
    "extract",
    "load",
    "query-status",
    "submit-job",
    "audit",
];
const REGIONS: &[&str] = &[
    "cn-hangzhou",
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "ap-southeast-1",
];
const QUEUES: &[&str] = &["orders", "audit-tasks", "email-outbox", "dead-letters"];
const TOPICS: &[&str] = &["order-events", "alerts", "media-done"];
const CHILD_FLOWS: &[&str] = &[
    "sub-payment",
    "batch-copy",
    "audit-subflow",
    "transcode-split",
];
const CUSTOM_ERRORS: &[&str] = &[
    "ErrorNeedsRetry",
    "BookFlightError",
    "AuditErrorNeedsRetry",
    "ExceptionNeedsRetry",
    "BatchProcessError",
    "StockNotEnough",
];
const BUILTIN_ERRORS: &[&str] = &[
    "FnF.ALL",
    "FnF.TaskTimeout",
    "FnF.RuntimeError",
    "FnF.InvalidLocal",
    "FC.ResourceThrottled",
    "FC.ResourceExhausted",
    "FC.InternalServerError",
    "FC.Unknown",
];
const COMMENTS: &[&str] = &[
    "validate before charging",
    "retry on throttling",
    "TODO: move into a child flow",
    "poll until the job finishes",
    "fan out over the shards",
    "keys come from the previous step",
    "校验订单参数",
    "失败时重试",
    "等待回调结果",
    "并行处理分片",
    "轮询任务状态",
    "通知下游系统",
];
const WORDS: &[&str] = &[
    "ready",
    "running",
    "done",
    "failed",
    "pending",
    "video",
    "image",
    "fast",
    "pass1",
    "POST",
    "CNY",
    "已完成",
    "处理中",
];

/// The generator: its PRNG, the text written so far, and the step-name counter.
struct Gen {
    rng: Rng,
    out: String,
    /// Makes every step name unique across the flow.
    counter: usize,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng(seed ^ 0x5DEE_CE66_D1CE_F00D),
            out: String::new(),
            counter: 0,
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(text);
        if self.rng.chance(4) && !text.ends_with(':') && !text.starts_with('#') {
            let c = *self.rng.pick(COMMENTS);
            self.out.push_str("  # ");
            self.out.push_str(c);
        }
        self.out.push('\n');
    }

    /// An own-line comment now and then, before a step.
    fn maybe_comment(&mut self, indent: usize) {
        if self.rng.chance(15) {
            let c = *self.rng.pick(COMMENTS);
            self.line(indent, &format!("# {c}"));
        }
    }

    fn name(&mut self) -> String {
        let (en, zh) = *self.rng.pick(STEP_NAMES);
        self.counter += 1;
        let n = self.counter;
        if self.rng.chance(12) {
            format!("{zh}{n}")
        } else {
            format!("{en}-{n}")
        }
    }

    fn named(&mut self, base: &str) -> String {
        self.counter += 1;
        format!("{base}-{}", self.counter)
    }

    fn key(&mut self) -> &'static str {
        KEYS[self.rng.below(KEYS.len())]
    }

    /// `n` distinct keys, so the targets of one mapping list never repeat.
    fn keys(&mut self, n: usize) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::with_capacity(n);
        while out.len() < n.min(KEYS.len()) {
            let k = self.key();
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    // ----- flow -------------------------------------------------------------------------------

    fn flow(mut self, budget: Budget) -> String {
        let comment = *self.rng.pick(COMMENTS);
        self.line(0, &format!("# {comment}"));
        if self.rng.chance(50) {
            self.line(0, "# 由 fdl-bench 生成 (generated)");
        }
        self.line(0, "version: v1");
        self.line(0, "type: flow");
        if self.rng.chance(25) {
            let n = self.rng.range(1, 999);
            self.line(0, &format!("name: order_pipeline_{n}"));
        }
        if self.rng.chance(40) {
            let t = *self.rng.pick(&[3600u64, 86400, 604800, 2592000]);
            self.line(0, &format!("timeoutSeconds: {t}"));
        }
        if self.rng.chance(60) {
            self.line(0, "inputMappings:");
            let n = self.rng.range(1, 3) as usize;
            let keys = self.keys(n);
            for k in keys {
                let source = if self.rng.chance(75) {
                    format!("$input.{k}")
                } else {
                    self.constant()
                };
                self.mapping(2, k, &source);
            }
        }
        self.line(0, "steps:");
        // Leave room for the header above and the flow's outputMappings below.
        let budget = match budget {
            Budget::Bytes(b) => Budget::Bytes(b.saturating_sub(self.out.len() + 120)),
            steps => steps,
        };
        self.list(2, 1, budget);
        if self.rng.chance(60) {
            self.line(0, "outputMappings:");
            let n = self.rng.range(1, 3) as usize;
            let keys = self.keys(n);
            for k in keys {
                let source = if self.rng.chance(70) {
                    format!("$local.{k}")
                } else {
                    format!("$input.{k}")
                };
                self.mapping(2, k, &source);
            }
        }
        self.out
    }

    // ----- lists ------------------------------------------------------------------------------

    /// A `steps` list whose items start at column `indent`.
    fn list(&mut self, indent: usize, depth: usize, budget: Budget) {
        let start = self.out.len();
        let (want, bytes) = match budget {
            Budget::Steps(n) => (n, usize::MAX),
            Budget::Bytes(b) => (usize::MAX, b),
        };
        let handler_chance = if depth == 1 { 80 } else { 35 };
        let tail = if want >= 3 && self.rng.chance(handler_chance) {
            // The tail is 2 or 3 steps: an end of the normal path, the targeted handler, and
            // possibly a fail after it.
            Some(if want >= 4 && self.rng.chance(50) {
                3
            } else {
                2
            })
        } else {
            None
        };
        let mut cx = ListCx {
            handler: tail.map(|_| self.name_for_handler()),
            handler_used: false,
        };
        let reserve = tail.unwrap_or(0);
        let mut count = 0;
        loop {
            let room = want.saturating_sub(count + reserve);
            let written = self.out.len() - start;
            let done = match budget {
                Budget::Steps(_) => room == 0,
                Budget::Bytes(_) => count > 0 && written + 650 >= bytes,
            };
            if done {
                break;
            }
            let last = room == 1 && tail.is_none();
            let (mark, used) = (self.out.len(), cx.handler_used);
            let n = self.unit(indent, depth, room, last, false, &mut cx);
            if let Budget::Bytes(_) = budget
                && self.out.len() - start > bytes + 600
            {
                // A large container overshot the byte target: take a small step instead.
                self.out.truncate(mark);
                cx.handler_used = used;
                count += self.unit(indent, depth, room, last, true, &mut cx);
            } else {
                count += n;
            }
        }
        match (tail, cx.handler.clone()) {
            (Some(n), Some(handler)) if cx.handler_used => self.tail(indent, n, &handler),
            (Some(n), _) => {
                // Nobody jumps to the handler: the reserved places get ordinary steps, which
                // must not start jumping to it now.
                cx.handler = None;
                for _ in 0..n {
                    self.simple_step(indent, &mut cx);
                }
            }
            (None, _) => {
                if matches!(budget, Budget::Bytes(_)) && self.rng.chance(40) {
                    self.terminal(indent);
                }
            }
        }
    }

    fn name_for_handler(&mut self) -> String {
        if self.rng.chance(15) {
            self.counter += 1;
            format!("错误处理{}", self.counter)
        } else {
            self.named("HandleError")
        }
    }

    /// Writes one unit of steps; returns how many steps of this list it wrote.
    fn unit(
        &mut self,
        indent: usize,
        depth: usize,
        room: usize,
        last: bool,
        small: bool,
        cx: &mut ListCx,
    ) -> usize {
        if last && self.rng.chance(if depth == 1 { 30 } else { 25 }) {
            self.terminal(indent);
            return 1;
        }
        let nest = depth < MAX_DEPTH && !small;
        // Containers get rarer deeper down, which keeps the average top-level step near 700
        // bytes.
        let c = match depth {
            1 => 7,
            2 => 4,
            3 => 2,
            _ => 0,
        };
        let units = [
            (Unit::Task, 44),
            (Unit::Pass, 8),
            (Unit::Wait, 6),
            (Unit::Choice, if nest { c } else { 0 }),
            (Unit::Parallel, if nest { c * 7 / 10 } else { 0 }),
            (Unit::Foreach, if nest { c * 7 / 10 } else { 0 }),
            (Unit::Polling, if room >= 4 { 4 } else { 0 }),
            (Unit::SkipAhead, if room >= 3 { 3 } else { 0 }),
        ];
        let weights: Vec<usize> = units.iter().map(|u| u.1).collect();
        let unit = units[self.rng.weighted(&weights)].0;
        match unit {
            Unit::Task => self.task(indent, cx, None),
            Unit::Pass => self.pass(indent, None),
            Unit::Wait => self.wait(indent, None),
            Unit::Choice => self.choice(indent, depth, cx),
            Unit::Parallel => self.parallel(indent, depth),
            Unit::Foreach => self.foreach(indent, depth),
            Unit::Polling => {
                self.polling(indent, cx);
                return 4;
            }
            Unit::SkipAhead => {
                self.skip_ahead(indent, cx);
                return 3;
            }
        }
        1
    }

    fn simple_step(&mut self, indent: usize, cx: &mut ListCx) {
        match self.rng.below(4) {
            0 => self.pass(indent, None),
            1 => self.wait(indent, None),
            _ => self.task(indent, cx, None),
        }
    }

    /// A nested `steps:` key at column `indent` with its list.
    fn nested(&mut self, indent: usize, depth: usize, max_steps: u64) {
        self.line(indent, "steps:");
        let n = self.rng.range(1, max_steps) as usize;
        self.list(indent + 2, depth + 1, Budget::Steps(n));
    }

    // ----- steps ------------------------------------------------------------------------------

    /// `- type: KIND` and `name:`; returns the column of the step's other fields.
    fn header(&mut self, indent: usize, kind: &str, name: &str) -> usize {
        self.maybe_comment(indent);
        self.line(indent, &format!("- type: {kind}"));
        self.line(indent + 2, &format!("name: {name}"));
        indent + 2
    }

    fn mapping(&mut self, indent: usize, target: &str, source: &str) {
        // `source` before `target` occurs in real flows.
        if self.rng.chance(10) {
            self.line(indent, &format!("- source: {source}"));
            self.line(indent + 2, &format!("target: {target}"));
        } else {
            self.line(indent, &format!("- target: {target}"));
            self.line(indent + 2, &format!("source: {source}"));
        }
    }

    /// A constant mapping source (anything that does not start with a `$` root).
    fn constant(&mut self) -> String {
        match self.rng.below(9) {
            0 => self.rng.range(0, 100_000).to_string(),
            1 => "-1".to_string(),
            2 => "[\"A\", \"B\", \"C\"]".to_string(),
            3 => "{}".to_string(),
            4 => "\"\"".to_string(),
            5 => "http://httpbin.org/post".to_string(),
            6 => "{\"a\": \"b\", \"c\": 1}".to_string(),
            _ => self.rng.pick(WORDS).to_string(),
        }
    }

    /// A source for a step's `inputMappings`: the parent's input or local, `$context`, or a
    /// constant.
    fn input_source(&mut self, key: &str) -> String {
        match self.rng.below(10) {
            0..=3 => format!("$input.{key}"),
            4..=5 => format!("$local.{key}"),
            6 => "$context.execution.name".to_string(),
            7 => {
                let m = *self.rng.pick(&[
                    "$context.flow.name",
                    "$context.step.eventId",
                    "$input.events[0].oss.object.key",
                ]);
                m.to_string()
            }
            _ => self.constant(),
        }
    }

    fn input_mappings(&mut self, f: usize, token: bool) {
        if !token && !self.rng.chance(70) {
            return;
        }
        self.line(f, "inputMappings:");
        let n = self.rng.range(1, 4) as usize;
        for key in self.keys(n) {
            let source = self.input_source(key);
            self.mapping(f + 2, key, &source);
        }
        if token {
            self.mapping(f + 2, "taskToken", "$context.task.token");
        }
    }

    /// `outputMappings` of a step whose `$local` is a JSON object (task, choice).
    fn object_output(&mut self, f: usize) {
        if !self.rng.chance(55) {
            return;
        }
        self.line(f, "outputMappings:");
        let n = self.rng.range(1, 3) as usize;
        for key in self.keys(n) {
            let source = match self.rng.below(6) {
                0..=2 => format!("$local.{key}"),
                3 => format!("$local.Data.{key}"),
                4 => format!("$input.{key}"),
                _ => self.constant(),
            };
            self.mapping(f + 2, key, &source);
        }
    }

    /// `outputMappings` of a step whose `$local` is an array (parallel, foreach).
    fn array_output(&mut self, f: usize) {
        self.line(f, "outputMappings:");
        let n = self.rng.range(1, 2) as usize;
        for key in self.keys(n) {
            let source = match self.rng.below(5) {
                0..=2 => format!("$local[*].{key}"),
                3 => format!("$local[0].{key}"),
                _ => format!("$input.{key}"),
            };
            self.mapping(f + 2, key, &source);
        }
    }

    /// `outputMappings` of a step whose `$local` is empty (pass, wait, succeed, fail).
    fn plain_output(&mut self, f: usize) {
        self.line(f, "outputMappings:");
        let n = self.rng.range(1, 3) as usize;
        for key in self.keys(n) {
            let source = if self.rng.chance(50) {
                format!("$input.{key}")
            } else {
                self.constant()
            };
            self.mapping(f + 2, key, &source);
        }
    }

    /// A task of any integration. `name` is given when another step jumps to it.
    fn task(&mut self, indent: usize, cx: &mut ListCx, name: Option<String>) {
        let name = name.unwrap_or_else(|| self.name());
        let f = self.header(indent, "task", &name);
        let kind = self.rng.weighted(&[45, 5, 12, 8, 12, 18]);
        let service = *self.rng.pick(FC_SERVICES);
        let function = *self.rng.pick(FC_FUNCTIONS);
        let region = *self.rng.pick(REGIONS);
        let pattern: Option<&str> = match kind {
            // Function Compute, with the optional region, account and qualifier.
            0 => {
                let arn = match self.rng.below(4) {
                    0 => format!(
                        "acs:fc:{region}:1234567890123456:services/{service}/functions/{function}"
                    ),
                    1 => format!("acs:fc:::services/{service}.LATEST/functions/{function}"),
                    _ => format!("acs:fc:::services/{service}/functions/{function}"),
                };
                self.line(f, &format!("resourceArn: {arn}"));
                *self.rng.pick(&[
                    None,
                    None,
                    Some("requestResponse"),
                    Some("sync"),
                    Some("waitForCallback"),
                ])
            }
            // Function Compute 3.0: no service.
            1 => {
                self.line(
                    f,
                    &format!("resourceArn: acs:fc:{region}:1234567890123456:functions/{function}"),
                );
                *self
                    .rng
                    .pick(&[None, Some("requestResponse"), Some("sync")])
            }
            2 => {
                let q = *self.rng.pick(QUEUES);
                self.line(f, &format!("resourceArn: acs:mns:::/queues/{q}/messages"));
                *self
                    .rng
                    .pick(&[None, Some("requestResponse"), Some("waitForCallback")])
            }
            3 => {
                let t = *self.rng.pick(TOPICS);
                self.line(f, &format!("resourceArn: acs:mns:::/topics/{t}/messages"));
                *self
                    .rng
                    .pick(&[None, Some("requestResponse"), Some("waitForCallback")])
            }
            4 => {
                let c = *self.rng.pick(CHILD_FLOWS);
                self.line(f, &format!("resourceArn: acs:fnf:::flow/{c}"));
                *self.rng.pick(&[
                    Some("sync"),
                    Some("sync"),
                    Some("requestResponse"),
                    Some("waitForCallback"),
                ])
            }
            _ => None,
        };
        let action = if kind == 5 {
            let a = *self.rng.pick(&[
                "ocr:RecognizeIdentityCard",
                "facebody:DetectFace",
                "facebody:DetectMask",
                "goodstech:ClassifyCommodity",
                "fnf:StartExecution",
            ]);
            self.line(f, &format!("action: {a}"));
            Some(a)
        } else {
            None
        };
        if let Some(p) = pattern {
            self.line(f, &format!("pattern: {p}"));
        }
        let callback = pattern == Some("waitForCallback");
        if callback || self.rng.chance(25) {
            let t = *self.rng.pick(&[60u64, 300, 600, 3600, 86400]);
            self.line(f, &format!("timeoutSeconds: {t}"));
        }
        self.input_mappings(f, callback);
        // serviceParams, with only the keys documented for the integration.
        match (kind, action) {
            (0 | 1, _) if self.rng.chance(35) => {
                self.line(f, "serviceParams:");
                let t = *self.rng.pick(&["Sync", "Async"]);
                self.line(f + 2, &format!("InvocationType: {t}"));
                if t == "Async" && self.rng.chance(50) {
                    self.line(f + 2, "StatefulAsyncInvocationID: $.invocationId");
                }
            }
            (2, _) => {
                self.line(f, "serviceParams:");
                self.line(f + 2, "MessageBody: $");
                if self.rng.chance(70) {
                    let p = self.rng.range(1, 16);
                    self.line(f + 2, &format!("Priority: {p}"));
                }
                if self.rng.chance(30) {
                    let d = *self.rng.pick(&["0", "60", "604800", "$.delay"]);
                    self.line(f + 2, &format!("DelaySeconds: {d}"));
                }
            }
            (3, _) => {
                self.line(f, "serviceParams:");
                self.line(f + 2, "MessageBody: $");
                if self.rng.chance(50) {
                    let tag = *self.rng.pick(&["order", "alert", "$.messageTag"]);
                    self.line(f + 2, &format!("MessageTag: {tag}"));
                }
            }
            (4, _) if self.rng.chance(70) => {
                self.line(f, "serviceParams:");
                self.line(f + 2, "Input: $");
                if self.rng.chance(50) {
                    self.line(f + 2, "ExecutionName: $.childName");
                }
            }
            (_, Some(a)) => {
                self.line(f, "serviceParams:");
                if a == "fnf:StartExecution" {
                    let c = *self.rng.pick(CHILD_FLOWS);
                    self.line(f + 2, &format!("FlowName: {c}"));
                    self.line(f + 2, "ExecutionName: $.executionName");
                    self.line(f + 2, "Input: $");
                } else {
                    self.line(f + 2, "ImageURL: $.imageUrl");
                    if a == "ocr:RecognizeIdentityCard" {
                        self.line(f + 2, "Side: face");
                    }
                }
            }
            _ => {}
        }
        self.object_output(f);
        if self.rng.chance(50) {
            self.retry(f, action);
        }
        if cx.handler.is_some() && self.rng.chance(35) {
            let handler = cx.handler().unwrap_or_default();
            self.line(f, "catch:");
            self.line(f + 2, "- errors:");
            let errors = self.errors(action);
            for e in errors {
                self.line(f + 6, &format!("- {e}"));
            }
            self.line(f + 4, &format!("goto: {handler}"));
            if self.rng.chance(60) {
                // Only useful with `catch`: shapes what the handler receives.
                self.line(f, "errorMappings:");
                self.mapping(f + 2, "error", "$local.error");
                if self.rng.chance(70) {
                    self.mapping(f + 2, "cause", "$local.cause");
                }
                if self.rng.chance(30) {
                    self.mapping(f + 2, "failedStep", &yaml_string(&name));
                }
            }
        }
    }

    /// 1 to 3 error names fit for the integration.
    fn errors(&mut self, action: Option<&str>) -> Vec<&'static str> {
        let n = self.rng.range(1, 3) as usize;
        let mut out: Vec<&'static str> = Vec::new();
        for _ in 0..n {
            let e = match (action, self.rng.below(10)) {
                (Some("fnf:StartExecution"), 0..=3) => *self
                    .rng
                    .pick(&["fnf.ExecutionAlreadyExists", "fnf.ResourceThrottled"]),
                (Some(_), 0..=3) => *self
                    .rng
                    .pick(&["ocr.InternalError", "goodstech.InternalError.Busy"]),
                (_, 0..=6) => *self.rng.pick(BUILTIN_ERRORS),
                _ => *self.rng.pick(CUSTOM_ERRORS),
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
        out
    }

    fn retry(&mut self, f: usize, action: Option<&str>) {
        self.line(f, "retry:");
        for _ in 0..self.rng.range(1, 2) {
            self.line(f + 2, "- errors:");
            for e in self.errors(action) {
                self.line(f + 6, &format!("- {e}"));
            }
            let interval = *self.rng.pick(&[1u64, 1, 2, 3, 5, 10, 30, 60, 3600]);
            let every = self.rng.chance(60);
            if every || self.rng.chance(50) {
                self.line(f + 4, &format!("intervalSeconds: {interval}"));
            }
            if every || self.rng.chance(30) {
                let max = *self
                    .rng
                    .pick(&[interval, 60.max(interval), 600.max(interval), 86400]);
                self.line(f + 4, &format!("maxIntervalSeconds: {max}"));
            }
            if every || self.rng.chance(70) {
                let attempts = self.rng.range(0, 16);
                self.line(f + 4, &format!("maxAttempts: {attempts}"));
            }
            if every || self.rng.chance(50) {
                let m = *self.rng.pick(&["1", "1.5", "2", "2.5", "3"]);
                self.line(f + 4, &format!("multiplier: {m}"));
            }
        }
    }

    fn pass(&mut self, indent: usize, name: Option<String>) {
        let name = name.unwrap_or_else(|| self.name());
        let f = self.header(indent, "pass", &name);
        if self.rng.chance(30) {
            self.input_mappings(f, false);
        }
        if self.rng.chance(85) {
            self.plain_output(f);
        }
    }

    fn wait(&mut self, indent: usize, name: Option<String>) {
        let name = name.unwrap_or_else(|| self.name());
        let f = self.header(indent, "wait", &name);
        if self.rng.chance(70) {
            let d = *self.rng.pick(&[
                "5",
                "10",
                "30",
                "60",
                "300",
                "3600",
                "86400",
                "172800",
                "$.sleep",
                "$.pollInterval",
            ]);
            self.line(f, &format!("duration: {d}"));
        } else {
            let t = *self.rng.pick(&[
                "2019-05-02T15:04:05Z",
                "\"2025-01-01T08:00:00+08:00\"",
                "'2024-11-11T00:00:00.000Z'",
                "$.wait_timestamp",
            ]);
            self.line(f, &format!("timestamp: {t}"));
        }
        if self.rng.chance(20) {
            self.plain_output(f);
        }
    }

    /// succeed or fail, as the last step of a list.
    fn terminal(&mut self, indent: usize) {
        if self.rng.chance(50) {
            let name = self.named("Done");
            let f = self.header(indent, "succeed", &name);
            if self.rng.chance(40) {
                self.plain_output(f);
            }
        } else {
            let name = self.named("Rejected");
            let f = self.header(indent, "fail", &name);
            if self.rng.chance(70) {
                let e = *self.rng.pick(CUSTOM_ERRORS);
                self.line(f, &format!("error: {e}"));
            }
            if self.rng.chance(60) {
                let c = *self.rng.pick(&[
                    "订单被拒绝",
                    "Failed to execute subflow",
                    "stock is not enough",
                ]);
                self.line(f, &format!("cause: {c}"));
            }
        }
    }

    /// The end of a list with an error handler: a step that ends the normal path, then the
    /// handler that `catch`/`goto` jump to, then (for 3 steps) a fail.
    fn tail(&mut self, indent: usize, steps: usize, handler: &str) {
        if self.rng.chance(35) {
            let name = self.named("Done");
            let f = self.header(indent, "succeed", &name);
            if self.rng.chance(30) {
                self.plain_output(f);
            }
        } else {
            // The last step of the normal path says `end: true`, so the handler below only
            // runs when jumped to. No `catch` here: the handler is not decided for it.
            let mut no_handler = ListCx {
                handler: None,
                handler_used: false,
            };
            match self.rng.below(4) {
                0 => {
                    let name = self.named("Finish");
                    self.pass(indent, Some(name));
                }
                1 => self.wait(indent, None),
                _ => self.task(indent, &mut no_handler, None),
            }
            self.line(indent + 2, "end: true");
        }
        if steps == 2 {
            let f = self.header(indent, "fail", handler);
            let e = *self.rng.pick(CUSTOM_ERRORS);
            self.line(f, &format!("error: {e}"));
            self.line(f, "cause: 处理失败 (see the error mapped by catch)");
            return;
        }
        // A handler that records the failure, then the fail that ends the flow.
        if self.rng.chance(50) {
            let f = self.header(indent, "pass", handler);
            self.line(f, "outputMappings:");
            self.mapping(f + 2, "status", "failed");
            self.mapping(f + 2, "error", "$input.error");
        } else {
            let f = self.header(indent, "task", handler);
            let t = *self.rng.pick(TOPICS);
            self.line(f, &format!("resourceArn: acs:mns:::/topics/{t}/messages"));
            self.line(f, "serviceParams:");
            self.line(f + 2, "MessageBody: $");
            self.line(f + 2, "MessageTag: failure");
        }
        let name = self.named("Failed");
        let f = self.header(indent, "fail", &name);
        if self.rng.chance(70) {
            let e = *self.rng.pick(CUSTOM_ERRORS);
            self.line(f, &format!("error: {e}"));
        }
    }

    fn choice(&mut self, indent: usize, depth: usize, cx: &mut ListCx) {
        let name = self.name();
        let f = self.header(indent, "choice", &name);
        if self.rng.chance(40) {
            // Real flows bring `$local.x` into the condition's scope this way.
            self.line(f, "inputMappings:");
            let k = self.key();
            self.mapping(f + 2, k, &format!("$local.{k}"));
        }
        self.line(f, "choices:");
        let branches = self.rng.range(1, 3);
        for _ in 0..branches {
            let condition = self.condition();
            self.line(f + 2, &format!("- condition: {}", yaml_string(&condition)));
            let goto = if cx.handler.is_some() && self.rng.chance(20) {
                cx.handler()
            } else {
                None
            };
            if goto.is_none() || self.rng.chance(50) {
                self.nested(f + 4, depth, 2);
            }
            if let Some(g) = goto {
                self.line(f + 4, &format!("goto: {g}"));
            }
        }
        if self.rng.chance(60) {
            self.line(f, "default:");
            let goto = if cx.handler.is_some() && self.rng.chance(30) {
                cx.handler()
            } else {
                None
            };
            if goto.is_none() || self.rng.chance(30) {
                self.nested(f + 2, depth, 2);
            }
            if let Some(g) = goto {
                self.line(f + 2, &format!("goto: {g}"));
            }
        }
        self.object_output(f);
    }

    fn parallel(&mut self, indent: usize, depth: usize) {
        let name = self.name();
        let f = self.header(indent, "parallel", &name);
        if self.rng.chance(30) {
            self.input_mappings(f, false);
        }
        self.line(f, "branches:");
        for _ in 0..self.rng.range(2, 4) {
            self.line(f + 2, "- steps:");
            let n = self.rng.range(1, 2) as usize;
            self.list(f + 6, depth + 1, Budget::Steps(n));
        }
        self.array_output(f);
    }

    fn foreach(&mut self, indent: usize, depth: usize) {
        let name = self.name();
        let f = self.header(indent, "foreach", &name);
        self.line(f, "iterationMapping:");
        let collection = *self.rng.pick(&[
            "$.items",
            "$.split_keys",
            "$.names",
            "$.shards",
            "$.orders[0].lines",
        ]);
        self.line(f + 2, &format!("collection: {collection}"));
        self.line(f + 2, "item: item");
        if self.rng.chance(50) {
            self.line(f + 2, "index: index");
        }
        if self.rng.chance(30) {
            self.input_mappings(f, false);
        }
        self.nested(f, depth, 4);
        self.array_output(f);
    }

    /// Submit a job, wait, query its status, and loop back to the wait while it runs.
    fn polling(&mut self, indent: usize, cx: &mut ListCx) {
        self.task(indent, cx, None);
        let wait = self.named("WaitJob");
        self.wait(indent, Some(wait.clone()));
        let query = self.named("QueryJob");
        let f = self.header(indent, "task", &query);
        let service = *self.rng.pick(FC_SERVICES);
        self.line(
            f,
            &format!("resourceArn: acs:fc:::services/{service}/functions/query-status"),
        );
        self.line(f, "inputMappings:");
        self.mapping(f + 2, "jobId", "$local.jobId");
        self.line(f, "outputMappings:");
        self.mapping(f + 2, "status", "$local.status");
        self.mapping(f + 2, "jobId", "$input.jobId");
        let name = self.named("IsJobDone");
        let f = self.header(indent, "choice", &name);
        self.line(f, "choices:");
        let running = *self.rng.pick(&[
            "$.status == \"running\"",
            "$.status in (\"running\", \"pending\")",
            "$.hasMore",
        ]);
        self.line(f + 2, &format!("- condition: {}", yaml_string(running)));
        self.line(f + 4, &format!("goto: {wait}"));
        if cx.handler.is_some() && self.rng.chance(60) {
            let h = cx.handler().unwrap_or_default();
            self.line(f + 2, "- condition: $.status == \"failed\"");
            self.line(f + 4, &format!("goto: {h}"));
        }
    }

    /// A choice that skips the next step: the `goto` target comes two steps later.
    fn skip_ahead(&mut self, indent: usize, cx: &mut ListCx) {
        let name = self.name();
        let target = self.named("Respond");
        let f = self.header(indent, "choice", &name);
        self.line(f, "choices:");
        let condition = *self.rng.pick(&[
            "$.cached == true",
            "$.skip",
            "$.amount <= 0",
            "$.marker != \"\"",
        ]);
        self.line(f + 2, &format!("- condition: {}", yaml_string(condition)));
        self.line(f + 4, &format!("goto: {target}"));
        self.task(indent, cx, None);
        self.pass(indent, Some(target));
    }

    /// A condition using one of the operators of §4, on realistic keys.
    fn condition(&mut self) -> String {
        let k = self.key();
        let num = *self.rng.pick(NUM_KEYS);
        let w = *self.rng.pick(WORDS);
        let n = self.rng.range(0, 5000);
        match self.rng.below(20) {
            0 => format!("$.{k} == \"{w}\""),
            1 => format!("$.{k} != \"\""),
            2 => format!("$.{num} > {n}"),
            3 => format!("$.{num} >= {n}"),
            4 => format!("$.{num} < 0.5"),
            5 => format!("$.{num} <= -1"),
            6 => format!("$.{k} =~ \"^img_[0-9]+$\""),
            7 => format!("$.{k} !~ \"^tmp_\""),
            8 => "$.region in (\"cn-hangzhou\", \"cn-shanghai\")".to_string(),
            9 => "$.has_more && ($.event_id >= 4000 || $.total_group_count >= $.total_group_threshold)".to_string(),
            10 => format!("!$.{k}"),
            11 => format!("$.{k} == {}", self.rng.pick(&["true", "false", "null"])),
            12 => format!("$.{k} == `{w}`"),
            13 => format!("$.{k} == '{w}'"),
            14 => "$.faceIndex < $.faceCount".to_string(),
            15 => "$.detectFaceData.FaceCount == 0 || $.parts[0].size > 1048576".to_string(),
            16 => "-$.delta > 5".to_string(),
            17 => format!("$.{k}"),
            18 => format!("!($.{k} == \"done\") && $.retryCount < 3"),
            _ => format!("$.audited == \"true\" && $.{k} in [\"a\", \"b\"]"),
        }
    }
}

/// `s` as a YAML scalar that reads back as the string `s`: plain when that is safe, else
/// single-quoted.
fn yaml_string(s: &str) -> String {
    let first = s.chars().next();
    let risky_start = matches!(
        first,
        None | Some(
            '!' | '&'
                | '*'
                | '-'
                | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '|'
                | '>'
                | '@'
                | '%'
                | '\''
                | '"'
                | '`'
                | ' '
        )
    );
    if risky_start || s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.ends_with(' ') {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        assert_eq!(flow(7, 8192), flow(7, 8192));
        assert_ne!(flow(7, 8192), flow(8, 8192));
        assert_eq!(flow_with_steps(3, 50), flow_with_steps(3, 50));
    }

    #[test]
    fn exact_top_level_step_count() {
        for seed in 0..20 {
            for n in [1, 2, 3, 4, 5, 17, 60] {
                let text = flow_with_steps(seed, n);
                let top = text.lines().filter(|l| l.starts_with("  - type: ")).count();
                assert_eq!(top, n, "seed {seed}, {n} steps:\n{text}");
            }
        }
    }

    #[test]
    fn quoting() {
        assert_eq!(yaml_string("$.a == 1"), "$.a == 1");
        assert_eq!(yaml_string("!$.done"), "'!$.done'");
        assert_eq!(yaml_string("-$.x > 1"), "'-$.x > 1'");
        assert_eq!(yaml_string("'a' == $.b"), "'''a'' == $.b'");
    }
}
