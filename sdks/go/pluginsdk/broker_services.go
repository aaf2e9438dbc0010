package pluginsdk

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// SDK error codes for bad required_services entries.
const (
	CodeServiceNameInvalid   = "SERVICE_NAME_INVALID"
	CodeBrokerAddressInvalid = "BROKER_ADDRESS_INVALID"
	CodeBrokerIDDuplicate    = "BROKER_ID_DUPLICATE"
)

var serviceName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$`)
var digits = regexp.MustCompile(`^[0-9]+$`)

// ParseBrokerServices turns ServiceConfig.required_services (service name ->
// "broker:<id>") into service name -> broker id, refusing anything a plugin
// could not dial (an *SDKError naming the service).
func ParseBrokerServices(required map[string]string) (map[string]uint64, error) {
	names := make([]string, 0, len(required))
	for name := range required {
		names = append(names, name)
	}
	sort.Strings(names) // deterministic errors
	services := make(map[string]uint64, len(required))
	owners := make(map[uint64]string, len(required))
	for _, name := range names {
		address := required[name]
		if !serviceName.MatchString(name) {
			return nil, sdkErrorf(CodeServiceNameInvalid,
				"required service name %q is not a fully-qualified proto service name (e.g. holomush.world.v1.WorldService)", name)
		}
		id, err := parseBrokerAddress(name, address)
		if err != nil {
			return nil, err
		}
		if owner, taken := owners[id]; taken {
			return nil, sdkErrorf(CodeBrokerIDDuplicate, "broker id %d is given to both %s and %s; each service needs its own", id, owner, name)
		}
		owners[id] = name
		services[name] = id
	}
	return services, nil
}

func parseBrokerAddress(service, address string) (uint64, error) {
	fail := func(why string) (uint64, error) {
		return 0, sdkErrorf(CodeBrokerAddressInvalid, "broker address %q of %s %s; expected broker:<id>, e.g. broker:3", address, service, why)
	}
	text, ok := strings.CutPrefix(address, "broker:")
	switch {
	case !ok:
		return fail(`lacks the "broker:" prefix`)
	case text == "":
		return fail("has no id")
	case !digits.MatchString(text):
		return fail("has a non-numeric id")
	}
	id, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		return fail("has an id out of range")
	}
	return id, nil
}

func formatUint(v uint64) string { return strconv.FormatUint(v, 10) }
