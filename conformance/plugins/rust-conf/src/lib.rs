//! rust-conf: the conformance probes (conformance/README.md) an Extism guest
//! can serve through the HoloMUSH WASM ABI (docs/wasm-abi.md), on extism-pdk.
use extism_pdk::*;
use serde::Deserialize;
use serde_json::{json, Value};

#[host_fn("extism:host/user")]
extern "ExtismHost" {
    fn emit(request: String) -> String;
    fn kv_get(request: String) -> String;
    fn kv_set(request: String) -> String;
    fn kv_list(request: String) -> String;
    fn query_history(request: String) -> String;
}

#[derive(Deserialize)]
struct GuestEvent {
    stream: String,
    r#type: String,
    actor_kind: i64,
    payload: String,
}

#[derive(Deserialize)]
struct Request {
    command: String,
    args: String,
    character_id: String,
    character_name: String,
    location_id: String,
    session_id: String,
    player_id: String,
    invoked_as: String,
}

fn host(function: unsafe fn(String) -> Result<String, Error>, request: Value) -> FnResult<Value> {
    let answer = unsafe { function(request.to_string())? };
    Ok(serde_json::from_str(&answer)?)
}

fn error_code(answer: &Value) -> Option<String> {
    answer.get("error").map(|error| error["code"].as_str().unwrap_or("UNKNOWN").to_string())
}

#[plugin_fn]
pub fn handle_event(input: String) -> FnResult<String> {
    let event: GuestEvent = serde_json::from_str(&input)?;
    let out = if event.r#type == "say" && event.actor_kind == 0 {
        let message = serde_json::from_str::<Value>(&event.payload)
            .ok()
            .and_then(|payload| payload["message"].as_str().map(str::to_string))
            .unwrap_or_default();
        if message.is_empty() {
            return Ok(String::new());
        }
        let payload = json!({ "message": format!("Echo: {message}") }).to_string();
        json!({ "events": [{ "stream": event.stream, "type": "say", "payload": payload }] })
    } else if event.r#type == "conf.seq" {
        json!({ "events": [{ "stream": event.stream, "type": "conf.ack", "payload": event.payload }] })
    } else {
        return Ok(String::new());
    };
    Ok(out.to_string())
}

fn reply(status: &str, output: &str) -> FnResult<String> {
    Ok(json!({ "status": status, "output": output }).to_string())
}

#[plugin_fn]
pub fn handle_command(input: String) -> FnResult<String> {
    let request: Request = serde_json::from_str(&input)?;
    let args = request.args.trim();
    let (probe, rest) = args.split_once(' ').map(|(p, r)| (p, r.trim())).unwrap_or((args, ""));
    let (first, tail) = rest.split_once(' ').unwrap_or((rest, ""));
    match probe {
        "status" if matches!(first, "ok" | "error" | "failure") => reply(first, tail),
        "status" => reply("error", "usage: conf status ok|error|failure <text>"),
        "request" => reply(
            "ok",
            &json!({
                "command": request.command, "args": request.args, "characterId": request.character_id,
                "characterName": request.character_name, "locationId": request.location_id,
                "sessionId": request.session_id, "playerId": request.player_id, "invokedAs": request.invoked_as,
            })
            .to_string(),
        ),
        "kv-set" => match error_code(&host(kv_set, json!({ "key": first, "value": tail }))?) {
            Some(code) => reply("failure", &code),
            None => reply("ok", &format!("stored {first}")),
        },
        "kv-get" => {
            let answer = host(kv_get, json!({ "key": rest }))?;
            match (answer["found"].as_bool(), answer["value"].as_str()) {
                (Some(true), Some(value)) => reply("ok", value),
                _ => reply("error", &format!("no key {rest}")),
            }
        }
        "kv-list" => {
            let answer = host(kv_list, json!({ "prefix": rest }))?;
            let keys: Vec<&str> = answer["entries"]
                .as_array()
                .map(|entries| entries.iter().filter_map(|entry| entry["key"].as_str()).collect())
                .unwrap_or_default();
            reply("ok", &keys.join(","))
        }
        "emit" => {
            let request = json!({ "stream": rest, "type": "conf.emitted", "payload": "{\"by\":\"rust-conf\"}" });
            match error_code(&host(emit, request)?) {
                Some(code) => reply("error", &code),
                None => reply("ok", "emitted"),
            }
        }
        "history" => {
            let answer = host(query_history, json!({ "stream": rest, "count": 10 }))?;
            let messages: Vec<String> = answer["entries"]
                .as_array()
                .map(|entries| {
                    entries
                        .iter()
                        .map(|entry| {
                            let payload = entry["event"]["payload"].as_str().unwrap_or("{}");
                            serde_json::from_str::<Value>(payload)
                                .ok()
                                .and_then(|body| body["message"].as_str().map(str::to_string))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default();
            reply("ok", &messages.join("|"))
        }
        "crash" => panic!("conf crash"),
        "sleep" => loop {
            // No clock in the sandbox: spin until the host's deadline stops the call.
            core::hint::spin_loop();
        },
        _ => reply("error", &format!("unknown probe {probe}")),
    }
}
