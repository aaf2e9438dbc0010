/*
 * c-conf: the conformance probes (conformance/README.md) in freestanding C
 * against the raw Extism ABI and the HoloMUSH host functions
 * (docs/wasm-abi.md). No libc and no PDK: the kernel imports, a JSON string
 * scanner good for the host's flat answers, and a string builder.
 */
typedef unsigned long long u64;
typedef unsigned int u32;

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("extism:host/env", "input_length") u64 input_length(void);
IMPORT("extism:host/env", "input_load_u8") u32 input_load_u8(u64 offset);
IMPORT("extism:host/env", "alloc") u64 extism_alloc(u64 length);
IMPORT("extism:host/env", "length") u64 extism_length(u64 offset);
IMPORT("extism:host/env", "load_u8") u32 load_u8(u64 offset);
IMPORT("extism:host/env", "store_u8") void store_u8(u64 offset, u32 value);
IMPORT("extism:host/env", "output_set") void output_set(u64 offset, u64 length);

IMPORT("extism:host/user", "emit") u64 holomush_emit(u64 request);
IMPORT("extism:host/user", "kv_get") u64 holomush_kv_get(u64 request);
IMPORT("extism:host/user", "kv_set") u64 holomush_kv_set(u64 request);
IMPORT("extism:host/user", "kv_list") u64 holomush_kv_list(u64 request);
IMPORT("extism:host/user", "query_history") u64 holomush_query_history(u64 request);

#define CAP 65536

/* ---- strings ---- */

typedef struct {
  char data[CAP];
  int len;
} buf;

static int slen(const char *s) {
  int n = 0;
  while (s[n]) n++;
  return n;
}

static int starts(const char *s, int n, const char *prefix) {
  int p = slen(prefix);
  if (n < p) return 0;
  for (int i = 0; i < p; i++)
    if (s[i] != prefix[i]) return 0;
  return 1;
}

static int equals(const char *s, int n, const char *word) { return n == slen(word) && starts(s, n, word); }

static void put(buf *b, const char *s, int n) {
  for (int i = 0; i < n && b->len < CAP - 1; i++) b->data[b->len++] = s[i];
  b->data[b->len] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, slen(s)); }

/* Appends s as a JSON string literal (quotes included). */
static void put_quoted(buf *b, const char *s, int n) {
  static const char hex[] = "0123456789abcdef";
  puts_(b, "\"");
  for (int i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char esc[2] = {'\\', (char)c};
      put(b, esc, 2);
    } else if (c < 0x20) {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(b, esc, 6);
    } else {
      put(b, (const char *)&s[i], 1);
    }
  }
  puts_(b, "\"");
}

/* ---- a JSON scanner for flat lookups ---- */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

/* Reads the JSON string literal at json[*at] into dst (unescaped); returns its length or -1. */
static int read_string(const char *json, int n, int *at, char *dst, int cap) {
  int i = *at, len = 0;
  if (i >= n || json[i] != '"') return -1;
  for (i++; i < n && json[i] != '"'; i++) {
    unsigned c = (unsigned char)json[i];
    if (c == '\\' && i + 1 < n) {
      char e = json[++i];
      if (e == 'n') c = '\n';
      else if (e == 't') c = '\t';
      else if (e == 'r') c = '\r';
      else if (e == 'b') c = '\b';
      else if (e == 'f') c = '\f';
      else if (e == 'u' && i + 4 < n) {
        c = (hexval(json[i + 1]) << 12) | (hexval(json[i + 2]) << 8) | (hexval(json[i + 3]) << 4) | hexval(json[i + 4]);
        i += 4;
        if (c >= 0x80) { /* UTF-8 encode one BMP code unit */
          char tmp[3];
          int k = 0;
          if (c < 0x800) {
            tmp[k++] = (char)(0xC0 | (c >> 6));
          } else {
            tmp[k++] = (char)(0xE0 | (c >> 12));
            tmp[k++] = (char)(0x80 | ((c >> 6) & 63));
          }
          tmp[k++] = (char)(0x80 | (c & 63));
          for (int j = 0; j < k && len < cap - 1; j++) dst[len++] = tmp[j];
          continue;
        }
      } else c = (unsigned char)e;
    }
    if (len < cap - 1) dst[len++] = (char)c;
  }
  dst[len] = 0;
  *at = i + 1;
  return len;
}

/* Finds `"key":` at or after *from; leaves *from at the value. 0 when absent. */
static int find_key(const char *json, int n, const char *key, int *from) {
  int k = slen(key);
  for (int i = *from; i + k + 2 < n; i++) {
    if (json[i] != '"' || !starts(json + i + 1, n - i - 1, key) || json[i + k + 1] != '"') continue;
    int j = i + k + 2;
    while (j < n && (json[j] == ' ' || json[j] == '\n')) j++;
    if (j < n && json[j] == ':') {
      j++;
      while (j < n && json[j] == ' ') j++;
      *from = j;
      return 1;
    }
  }
  return 0;
}

static int get_string(const char *json, int n, const char *key, char *dst, int cap) {
  int at = 0;
  dst[0] = 0;
  if (!find_key(json, n, key, &at)) return -1;
  return read_string(json, n, &at, dst, cap);
}

static int get_int(const char *json, int n, const char *key) {
  int at = 0, v = 0;
  if (!find_key(json, n, key, &at)) return -1;
  while (at < n && json[at] >= '0' && json[at] <= '9') v = v * 10 + (json[at++] - '0');
  return v;
}

/* ---- Extism memory ---- */

static char input[CAP];
static int input_len;
static char answer[CAP];
static int answer_len;

static void read_input(void) {
  u64 n = input_length();
  if (n > CAP - 1) n = CAP - 1;
  for (u64 i = 0; i < n; i++) input[i] = (char)input_load_u8(i);
  input[n] = 0;
  input_len = (int)n;
}

static u64 to_block(const char *s, int n) {
  u64 offset = extism_alloc((u64)n);
  for (int i = 0; i < n; i++) store_u8(offset + (u64)i, (unsigned char)s[i]);
  return offset;
}

static void output(const buf *b) { output_set(to_block(b->data, b->len), (u64)b->len); }

/* Calls a host function with a JSON request; the answer lands in `answer`. */
static void host_call(u64 (*fn)(u64), const buf *request) {
  u64 offset = fn(to_block(request->data, request->len));
  u64 n = extism_length(offset);
  if (n > CAP - 1) n = CAP - 1;
  for (u64 i = 0; i < n; i++) answer[i] = (char)load_u8(offset + i);
  answer[n] = 0;
  answer_len = (int)n;
}

/* The error code of the last answer ("" when it succeeded). */
static int error_code(char *dst, int cap) {
  int at = 0;
  dst[0] = 0;
  if (!find_key(answer, answer_len, "error", &at)) return 0;
  get_string(answer + at, answer_len - at, "code", dst, cap);
  return 1;
}

/* ---- the plugin ---- */

static buf out, req, tmp;
static char s1[CAP], s2[CAP], s3[CAP];

static void command_reply(const char *status, const char *text, int n) {
  out.len = 0;
  puts_(&out, "{\"status\":");
  put_quoted(&out, status, slen(status));
  puts_(&out, ",\"output\":");
  put_quoted(&out, text, n);
  puts_(&out, "}");
  output(&out);
}

EXPORT("handle_event") int handle_event(void) {
  read_input();
  char *type = s1, *stream = s2, *payload = s3;
  get_string(input, input_len, "type", type, CAP);
  get_string(input, input_len, "stream", stream, CAP);
  int payload_len = get_string(input, input_len, "payload", payload, CAP);
  out.len = 0;
  if (equals(type, slen(type), "say") && get_int(input, input_len, "actor_kind") == 0) {
    static char message[CAP];
    if (get_string(payload, payload_len, "message", message, CAP) <= 0) return 0;
    tmp.len = 0;
    puts_(&tmp, "{\"message\":");
    req.len = 0;
    puts_(&req, "Echo: ");
    puts_(&req, message);
    put_quoted(&tmp, req.data, req.len);
    puts_(&tmp, "}");
  } else if (equals(type, slen(type), "conf.seq")) {
    tmp.len = 0;
    put(&tmp, payload, payload_len);
  } else {
    return 0;
  }
  puts_(&out, "{\"events\":[{\"stream\":");
  put_quoted(&out, stream, slen(stream));
  puts_(&out, ",\"type\":");
  puts_(&out, equals(type, slen(type), "say") ? "\"say\"" : "\"conf.ack\"");
  puts_(&out, ",\"payload\":");
  put_quoted(&out, tmp.data, tmp.len);
  puts_(&out, "}]}");
  output(&out);
  return 0;
}

/* Splits "word rest" at the first space. */
static void split(const char *s, int n, int *word_len, const char **rest, int *rest_len) {
  int i = 0;
  while (i < n && s[i] != ' ') i++;
  *word_len = i;
  while (i < n && s[i] == ' ') i++;
  *rest = s + i;
  *rest_len = n - i;
}

EXPORT("handle_command") int handle_command(void) {
  static char args[CAP], field[CAP], code[256];
  read_input();
  int n = get_string(input, input_len, "args", args, CAP);
  while (n > 0 && args[n - 1] == ' ') args[--n] = 0;
  const char *a = args;
  while (n > 0 && *a == ' ') a++, n--;
  int probe_len, rest_len, first_len, tail_len;
  const char *rest, *tail;
  split(a, n, &probe_len, &rest, &rest_len);
  split(rest, rest_len, &first_len, &tail, &tail_len);

  if (equals(a, probe_len, "status")) {
    if (equals(rest, first_len, "ok") || equals(rest, first_len, "error") || equals(rest, first_len, "failure")) {
      for (int i = 0; i < first_len; i++) field[i] = rest[i];
      field[first_len] = 0;
      command_reply(field, tail, tail_len);
    } else {
      command_reply("error", "usage: conf status ok|error|failure <text>", 42);
    }
    return 0;
  }
  if (equals(a, probe_len, "request")) {
    static const char *names[][2] = {{"command", "command"},          {"args", "args"},
                                     {"character_id", "characterId"}, {"character_name", "characterName"},
                                     {"location_id", "locationId"},   {"session_id", "sessionId"},
                                     {"player_id", "playerId"},       {"invoked_as", "invokedAs"}};
    tmp.len = 0;
    puts_(&tmp, "{");
    for (int i = 0; i < 8; i++) {
      int len = get_string(input, input_len, names[i][0], field, CAP);
      if (i > 0) puts_(&tmp, ",");
      put_quoted(&tmp, names[i][1], slen(names[i][1]));
      puts_(&tmp, ":");
      put_quoted(&tmp, field, len < 0 ? 0 : len);
    }
    puts_(&tmp, "}");
    command_reply("ok", tmp.data, tmp.len);
    return 0;
  }
  if (equals(a, probe_len, "kv-set")) {
    req.len = 0;
    puts_(&req, "{\"key\":");
    put_quoted(&req, rest, first_len);
    puts_(&req, ",\"value\":");
    put_quoted(&req, tail, tail_len);
    puts_(&req, "}");
    host_call(holomush_kv_set, &req);
    if (error_code(code, sizeof code)) {
      command_reply("failure", code, slen(code));
    } else {
      tmp.len = 0;
      puts_(&tmp, "stored ");
      put(&tmp, rest, first_len);
      command_reply("ok", tmp.data, tmp.len);
    }
    return 0;
  }
  if (equals(a, probe_len, "kv-get")) {
    req.len = 0;
    puts_(&req, "{\"key\":");
    put_quoted(&req, rest, rest_len);
    puts_(&req, "}");
    host_call(holomush_kv_get, &req);
    int at = 0;
    if (find_key(answer, answer_len, "found", &at) && starts(answer + at, answer_len - at, "true")) {
      int len = get_string(answer, answer_len, "value", field, CAP);
      command_reply("ok", field, len);
    } else {
      tmp.len = 0;
      puts_(&tmp, "no key ");
      put(&tmp, rest, rest_len);
      command_reply("error", tmp.data, tmp.len);
    }
    return 0;
  }
  if (equals(a, probe_len, "kv-list")) {
    req.len = 0;
    puts_(&req, "{\"prefix\":");
    put_quoted(&req, rest, rest_len);
    puts_(&req, "}");
    host_call(holomush_kv_list, &req);
    tmp.len = 0;
    int at = 0;
    while (find_key(answer, answer_len, "key", &at)) {
      int len = read_string(answer, answer_len, &at, field, CAP);
      if (tmp.len > 0) puts_(&tmp, ",");
      put(&tmp, field, len);
    }
    command_reply("ok", tmp.data, tmp.len);
    return 0;
  }
  if (equals(a, probe_len, "emit")) {
    req.len = 0;
    puts_(&req, "{\"stream\":");
    put_quoted(&req, rest, rest_len);
    puts_(&req, ",\"type\":\"conf.emitted\",\"payload\":\"{\\\"by\\\":\\\"c-conf\\\"}\"}");
    host_call(holomush_emit, &req);
    if (error_code(code, sizeof code)) command_reply("error", code, slen(code));
    else command_reply("ok", "emitted", 7);
    return 0;
  }
  if (equals(a, probe_len, "history")) {
    static char message[CAP];
    req.len = 0;
    puts_(&req, "{\"stream\":");
    put_quoted(&req, rest, rest_len);
    puts_(&req, ",\"count\":10}");
    host_call(holomush_query_history, &req);
    tmp.len = 0;
    int at = 0, first = 1;
    while (find_key(answer, answer_len, "payload", &at)) {
      int len = read_string(answer, answer_len, &at, field, CAP);
      int mlen = get_string(field, len, "message", message, CAP);
      if (!first) puts_(&tmp, "|");
      first = 0;
      put(&tmp, message, mlen < 0 ? 0 : mlen);
    }
    command_reply("ok", tmp.data, tmp.len);
    return 0;
  }
  if (equals(a, probe_len, "crash")) __builtin_trap();
  if (equals(a, probe_len, "sleep")) {
    /* No clock in the sandbox: spin until the host's deadline stops the call. */
    volatile u64 spins = 0;
    for (;;) spins++;
  }
  tmp.len = 0;
  puts_(&tmp, "unknown probe ");
  put(&tmp, a, probe_len);
  command_reply("error", tmp.data, tmp.len);
  return 0;
}
