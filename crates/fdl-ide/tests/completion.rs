//! Completion snapshots: a document with a `$0` cursor -> the items offered, sorted as an
//! editor shows them, with the text each replaces and what it inserts.

mod support;

use support::completions;

fn check(name: &str, fixture: &str) {
    let out = completions(fixture);
    insta::with_settings!({ description => fixture, omit_expression => true }, {
        insta::assert_snapshot!(name, out);
    });
}

const HEAD: &str = "version: v1\ntype: flow\n";

fn flow(body: &str) -> String {
    format!("{HEAD}{body}")
}

#[test]
fn empty_document_offers_a_new_flow() {
    check("empty_document", "$0");
    check("empty_document_with_comment", "# my flow\n$0");
}

#[test]
fn top_level_keys() {
    check(
        "top_level_keys",
        &flow("$0\nsteps:\n  - type: pass\n    name: a\n"),
    );
}

#[test]
fn empty_line_inside_a_task() {
    check(
        "empty_line_in_task",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    $0\n  - type: pass\n    name: after\n",
        ),
    );
}

#[test]
fn half_typed_key() {
    check(
        "half_typed_key",
        &flow("steps:\n  - type: task\n    name: call\n    res$0\n    pattern: sync\n"),
    );
    // Replacing the name of a key that already has its colon inserts the name only.
    check(
        "key_with_colon",
        &flow("steps:\n  - type: wait\n    name: w\n    dur$0: 10\n"),
    );
}

#[test]
fn step_types() {
    check("type_value", &flow("steps:\n  - type: $0\n    name: a\n"));
    check(
        "type_value_partial",
        &flow("steps:\n  - type: ch$0\n    name: a\n"),
    );
    check("type_value_no_space", &flow("steps:\n  - type:$0\n"));
    check("flow_type_value", "version: v1\ntype: $0\n");
}

#[test]
fn patterns() {
    check(
        "pattern_any",
        &flow(
            "steps:\n  - type: task\n    name: a\n    resourceArn: acs:fc:::services/s/functions/f\n    pattern: $0\n",
        ),
    );
    // MNS has no `sync`.
    check(
        "pattern_mns",
        &flow(
            "steps:\n  - type: task\n    name: a\n    resourceArn: acs:mns:::/queues/q/messages\n    pattern: $0\n",
        ),
    );
}

#[test]
fn booleans() {
    check(
        "end_value",
        &flow("steps:\n  - type: pass\n    name: a\n    end: $0\n"),
    );
}

#[test]
fn goto_targets() {
    let choice = flow(
        "steps:\n  - type: pass\n    name: start\n  - type: choice\n    name: decide\n    choices:\n      - condition: $.ok == true\n        goto: $0\n    default:\n      goto: finish\n  - type: succeed\n    name: finish\n  - type: fail\n    name: \"give up\"\n",
    );
    check("goto_in_choice", &choice);
    check(
        "goto_in_catch",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    catch:\n      - errors: [FnF.ALL]\n        goto: ha$0\n  - type: pass\n    name: handle\n",
        ),
    );
    // In a nested list, the siblings are the steps of that list only.
    check(
        "goto_nested",
        &flow(
            "steps:\n  - type: pass\n    name: outer\n  - type: foreach\n    name: each\n    iterationMapping:\n      collection: $.items\n      item: item\n    steps:\n      - type: choice\n        name: inner\n        choices:\n          - condition: $.x > 1\n            goto: $0\n      - type: pass\n        name: skip\n",
        ),
    );
}

#[test]
fn error_names() {
    check(
        "retry_errors_block",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    retry:\n      - errors:\n          - FnF.$0\n",
        ),
    );
    check(
        "catch_errors_flow",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    catch:\n      - errors: [FnF.ALL, $0]\n        goto: call\n",
        ),
    );
    // Names already in the list are not offered again.
    check(
        "retry_errors_block_second",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    retry:\n      - errors:\n          - FnF.TaskTimeout\n          - $0\n          - FC.Unknown\n",
        ),
    );
    check(
        "retry_errors_new_line",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    retry:\n      - errors:\n          $0\n",
        ),
    );
}

const MAPPINGS: &str = "inputMappings:\n  - target: orderId\n    source: $input.orderId\nsteps:\n  - type: task\n    name: load\n    resourceArn: acs:fc:::services/s/functions/load\n    outputMappings:\n      - target: order\n        source: $local.order\n      - target: total\n        source: $local.total\n  - type: pass\n    name: middle\n  - type: task\n    name: charge\n    resourceArn: acs:fc:::services/s/functions/charge\n    inputMappings:\n      - target: amount\n        source: SOURCE\n    outputMappings:\n      - target: receipt\n        source: $local.receipt\n";

#[test]
fn mapping_sources() {
    let with = |source: &str| flow(&MAPPINGS.replace("SOURCE", source));
    check("source_empty", &with("$0"));
    check("source_dollar", &with("$$0"));
    check("source_input", &with("$input.$0"));
    check("source_local", &with("$local.$0"));
    check("source_local_partial", &with("$local.to$0"));
    check("source_context", &with("$context.$0"));
    check("source_context_nested", &with("$context.task.$0"));
    check("source_quoted", &with("\"$local.$0\""));
    check(
        "source_in_one_line_item",
        &flow(&MAPPINGS.replace(
            "      - target: amount\n        source: SOURCE\n",
            "      - {target: amount, source: $local.$0}\n",
        )),
    );
    check(
        "flow_output_local",
        &flow(&format!(
            "{}outputMappings:\n  - target: r\n    source: $local.$0\n",
            MAPPINGS.replace("SOURCE", "$local.total")
        )),
    );
    check(
        "error_mappings_local",
        &flow(
            "steps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    errorMappings:\n      - target: why\n        source: $local.$0\n    catch:\n      - errors: [FnF.ALL]\n        goto: call\n",
        ),
    );
}

#[test]
fn paths_in_nested_steps() {
    // A step inside a foreach: `$input.` holds the foreach's item and index.
    check(
        "foreach_item_input",
        &flow(
            "inputMappings:\n  - target: items\n    source: $input.items\nsteps:\n  - type: foreach\n    name: each\n    iterationMapping:\n      collection: $.items\n      item: current\n      index: position\n    steps:\n      - type: task\n        name: work\n        resourceArn: acs:fc:::services/s/functions/f\n        inputMappings:\n          - target: x\n            source: $input.$0\n",
        ),
    );
    // A parallel step's outputs read its branches' outputs as an array.
    check(
        "parallel_local_array",
        &flow(
            "steps:\n  - type: parallel\n    name: both\n    branches:\n      - steps:\n          - type: pass\n            name: a\n            outputMappings:\n              - target: left\n                source: 1\n      - steps:\n          - type: pass\n            name: b\n            outputMappings:\n              - target: right\n                source: 2\n    outputMappings:\n      - target: all\n        source: $local[*].$0\n",
        ),
    );
    // A choice condition reads `$.` paths of the choice's input.
    check(
        "condition_paths",
        &flow(
            "steps:\n  - type: pass\n    name: prepare\n    outputMappings:\n      - target: status\n        source: ready\n  - type: choice\n    name: decide\n    choices:\n      - condition: $.count > 0 && $.$0\n        goto: prepare\n",
        ),
    );
}

#[test]
fn resource_arns() {
    check(
        "arn_templates",
        &flow("steps:\n  - type: task\n    name: a\n    resourceArn: $0\n"),
    );
    check(
        "arn_partial",
        &flow("steps:\n  - type: task\n    name: a\n    resourceArn: acs:mn$0\n"),
    );
}

#[test]
fn service_params() {
    check(
        "service_params_mns_queue",
        &flow(
            "steps:\n  - type: task\n    name: send\n    resourceArn: acs:mns:::/queues/orders/messages\n    serviceParams:\n      Priority: 1\n      $0\n",
        ),
    );
    check(
        "service_params_value",
        &flow(
            "steps:\n  - type: task\n    name: send\n    resourceArn: acs:mns:::/topics/t/messages\n    inputMappings:\n      - target: body\n        source: $input.body\n    serviceParams:\n      MessageBody: $.$0\n",
        ),
    );
}

#[test]
fn new_step_items() {
    check(
        "new_step_item",
        &flow("steps:\n  - type: pass\n    name: pass\n  - $0\n"),
    );
    check(
        "new_step_without_dash",
        &flow("steps:\n  - type: pass\n    name: a\n  $0\n"),
    );
    check(
        "new_mapping_item_without_dash",
        &flow("steps:\n  - type: pass\n    name: a\n    outputMappings:\n      $0\n"),
    );
    check(
        "typing_a_new_step",
        &flow("steps:\n  - type: pass\n    name: a\n  - ty$0\n"),
    );
}

#[test]
fn choice_and_nested_keys() {
    check(
        "choice_branch_keys",
        &flow(
            "steps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a == 1\n        $0\n",
        ),
    );
    check(
        "iteration_mapping_keys",
        &flow(
            "steps:\n  - type: foreach\n    name: f\n    iterationMapping:\n      collection: $.xs\n      $0\n",
        ),
    );
    check(
        "misspelt_kind_keys",
        &flow("steps:\n  - type: wiat\n    name: w\n    $0\n"),
    );
    check(
        "unknown_step_keys",
        &flow("steps:\n  - name: untyped\n    $0\n"),
    );
    check(
        "flow_mapping_item",
        &flow(
            "steps:\n  - type: pass\n    name: a\n    outputMappings:\n      - {target: x, $0}\n",
        ),
    );
}

#[test]
fn cjk_before_the_cursor() {
    check(
        "cjk_goto",
        &flow(
            "steps:\n  - type: pass\n    name: 检查订单\n  - type: choice\n    name: 判断\n    choices:\n      - condition: $.状态 == \"好\"\n        goto: 检$0\n",
        ),
    );
    check(
        "cjk_key",
        &flow("# 订单流程\nsteps:\n  - type: pass\n    name: 检查\n    $0\n"),
    );
}

#[test]
fn nothing_where_nothing_fits() {
    // In a comment.
    check(
        "in_comment",
        &flow("steps: # the steps $0\n  - type: pass\n    name: a\n"),
    );
    // A YAML file that is not a flow.
    check("not_a_flow", "apiVersion: v1\nkind: Pod\nmetadata:\n  $0\n");
    // The value of a key FDL does not know.
    check(
        "unknown_key_value",
        &flow("steps:\n  - type: pass\n    name: a\n    colour: $0\n"),
    );
}

#[test]
fn half_typed_files() {
    // A broken line above the cursor: the rest of the file still gives the context.
    check(
        "broken_line_above",
        &flow(
            "steps:\n  - type: task\n    name: \"unclosed\n    resourceArn: acs:mns:::/topics/t/messages\n    pattern: $0\n",
        ),
    );
    // The file ends in the middle of a step being typed.
    check(
        "truncated_step",
        &flow(
            "steps:\n  - type: pass\n    name: first\n  - type: choice\n    name: pick\n    choices:\n      - condition: $.x == 1\n        goto: f$0",
        ),
    );
    // Tabs where spaces belong: no crash, and the lines around still count.
    check(
        "tab_in_indentation",
        &flow("steps:\n  - type: wait\n\tname: w\n    $0\n"),
    );
    // A key typed with a colon but no value yet, at the end of the file.
    check(
        "bare_key_at_end",
        &flow("steps:\n  - type: task\n    name: t\n    pattern:$0"),
    );
}
