# Sourced by the build scripts of plugins written in a language other than
# TypeScript. The README promises `npm run demo` and `npm test` on a machine with
# only Node: there a missing toolchain skips that plugin's build with one line
# (and its tests skip, see tools/test-services/src/toolchains.ts). CI must
# build everything, so with CI=true or HOLOMUSH_REQUIRE_TOOLCHAINS=1 a missing
# toolchain fails the build instead.
#
#   require_tool <plugin> <tool> <how to install> [check command...] || exit 0
#
# The check defaults to `command -v <tool>`. Returns 0 when the tool is there;
# otherwise prints the line and returns 1 (skip), or exits 1 where required.
# A skip also rewrites ./.toolchain-skipped, which the plugin's turbo.json lists
# as a build and test input: a skipped build is never replayed from turbo's
# cache once the toolchain is installed.
require_tool() {
  _rt_plugin=$1 _rt_tool=$2 _rt_how=$3
  shift 3
  if [ $# -eq 0 ]; then set -- command -v "$_rt_tool"; fi
  if "$@" >/dev/null 2>&1; then return 0; fi
  if [ "${CI:-}" = "true" ] || [ "${HOLOMUSH_REQUIRE_TOOLCHAINS:-}" = "1" ]; then
    echo "$_rt_plugin: failed: $_rt_tool not found ($_rt_how); CI=true or HOLOMUSH_REQUIRE_TOOLCHAINS=1 requires every toolchain" >&2
    exit 1
  fi
  echo "$_rt_plugin: skipped: $_rt_tool not found ($_rt_how); its tests are skipped" >&2
  echo "skipped at $(date -u +%Y-%m-%dT%H:%M:%S.%NZ) pid $$: $_rt_tool not found" >.toolchain-skipped
  return 1
}
