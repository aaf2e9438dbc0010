package main

import (
	"reflect"
	"testing"
)

func TestParseTagsTakesEverythingAfterTheFlag(t *testing.T) {
	cases := []struct {
		args, rest string
		tags       []string
	}{
		{"Tea at the Mug", "Tea at the Mug", []string{}},
		{"Tea --tags a,b", "Tea", []string{"a", "b"}},
		{"Tea --tags=a", "Tea", []string{"a"}},
		{"x --tags BAD TAG!", "x", []string{"BAD TAG!"}},
		{"--tags x", "", []string{"x"}},
		{"Tea --tags", "Tea", []string{""}},
		{"Tea--tags a", "Tea--tags a", []string{}},
	}
	for _, c := range cases {
		rest, tags := ParseTags(c.args)
		if rest != c.rest || !reflect.DeepEqual(tags, c.tags) {
			t.Errorf("ParseTags(%q) = %q, %q; want %q, %q", c.args, rest, tags, c.rest, c.tags)
		}
	}
}

func TestNormalizeTagsRefusesWithThePlayersWords(t *testing.T) {
	tags, err := NormalizeTags([]string{" Tea", "tea", "", "social"})
	if err != nil || !reflect.DeepEqual(tags, []string{"tea", "social"}) {
		t.Fatalf("NormalizeTags = %q, %v", tags, err)
	}
	if _, err := NormalizeTags([]string{"bad tag!"}); err == nil || err.Error() != `tag "bad tag!" must be 1-32 characters of a-z, 0-9, _ or -` {
		t.Fatalf("bad tag: %v", err)
	}
	many := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}
	if _, err := NormalizeTags(many); err == nil || err.Error() != "at most 10 tags" {
		t.Fatalf("11 tags: %v", err)
	}
}

func TestClipAndMessageOf(t *testing.T) {
	if got := clip("héllo", 3); got != "hé…" {
		t.Errorf("clip = %q", got)
	}
	if line, ok := messageOf(`{"message":"waves.","name":"Bob"}`); !ok || line != "Bob waves." {
		t.Errorf("messageOf = %q, %v", line, ok)
	}
	if _, ok := messageOf("not json"); ok {
		t.Error("a non-JSON payload has no message")
	}
}
