/* SPDX-License-Identifier: BSD-3-Clause */
/* test_coalesce.c: interrupt coalescing through the ethtool ioctl (for real
 * on lo, which has none) and the parsing and JSON form of captured replies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce.h"

/* Read tests/data/coalesce/NAME into a new string. */
static char *fixture(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/coalesce/%s", TEST_DATA_DIR, name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	static char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The JSON text of s (plain, keys in insertion order). */
static const char *json_of(const coal_settings *s)
{
	static char out[512];
	json_object *o = coal_to_json(s);
	snprintf(out, sizeof out, "%s", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}

Test(coalesce, loopback_ioctl_is_unsupported)
{
	coal_settings s;
	st_err err = {0};
	memset(&s, 0xff, sizeof s);
	cr_assert_eq(coal_get("lo", &s, &err), 0, "coal_get(lo): %s", err.msg);
	cr_assert_eq(s.supported, 0);
	cr_assert_str_eq(json_of(&s), "{\"supported\":false}");
}

Test(coalesce, missing_interface_is_an_error_naming_it)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_get("nosuchif0", &s, &err), ST_EIO);
	cr_assert(strstr(err.msg, "nosuchif0") != NULL, "%s", err.msg);
	cr_assert(strstr(err.msg, "No such device") != NULL, "%s", err.msg);
}

Test(coalesce, bad_names_are_refused_before_the_ioctl)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_get("", &s, &err), ST_EVALUE);
	cr_assert_eq(coal_get("a-name-longer-than-ifnamsiz", &s, &err), ST_EVALUE);
	cr_assert(strstr(err.msg, "not a network interface name") != NULL, "%s", err.msg);
	cr_assert_eq(coal_get("../x", &s, &err), ST_EVALUE);
}

Test(coalesce, set_refuses_unsupported_and_missing)
{
	coal_settings s;
	st_err err = {0};
	memset(&s, 0, sizeof s);
	cr_assert_eq(coal_set("lo", &s, &err), ST_EVALUE);
	cr_assert(strstr(err.msg, "lo: the driver has no interrupt coalescing") != NULL, "%s",
		  err.msg);
	s.supported = 1;
	cr_assert_eq(coal_set("lo", &s, &err), ST_EIO);
	cr_assert(strstr(err.msg, "lo: ETHTOOL_SCOALESCE") != NULL, "%s", err.msg);
	cr_assert_eq(coal_set("nosuchif0", &s, &err), ST_EIO);
	cr_assert(strstr(err.msg, "nosuchif0") != NULL, "%s", err.msg);
}

Test(coalesce, json_from_a_filled_struct)
{
	coal_settings s;
	memset(&s, 0, sizeof s);
	s.supported = 1;
	s.ec.rx_max_coalesced_frames = 128;
	s.ec.rx_coalesce_usecs = 8;
	s.ec.use_adaptive_rx_coalesce = 1;
	s.ec.tx_max_coalesced_frames = 32;
	s.ec.tx_coalesce_usecs = 16;
	s.ec.use_adaptive_tx_coalesce = 0;
	s.ec.rx_coalesce_usecs_irq = 99; /* not part of the recorded subset */
	cr_assert_str_eq(json_of(&s), "{\"rx_frames\":128,\"rx_usecs\":8,\"adaptive_rx\":true,"
				      "\"tx_frames\":32,\"tx_usecs\":16,\"adaptive_tx\":false}");
	s.ec.rx_coalesce_usecs = 4294967295u; /* u32 max survives */
	cr_assert(strstr(json_of(&s), "\"rx_usecs\":4294967295") != NULL);
}

Test(coalesce, parse_captured_virtio)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_parse_ethtool(fixture("virtio-eth0.txt"), &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.supported, 1);
	cr_assert_str_eq(json_of(&s), "{\"rx_frames\":1,\"rx_usecs\":0,\"adaptive_rx\":false,"
				      "\"tx_frames\":1,\"tx_usecs\":0,\"adaptive_tx\":false}");
}

Test(coalesce, parse_mlx5_netlink_layout)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_parse_ethtool(fixture("mlx5-enp1s0f0.txt"), &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.ec.rx_coalesce_usecs, 8);
	cr_assert_eq(s.ec.rx_max_coalesced_frames, 128);
	cr_assert_eq(s.ec.tx_coalesce_usecs, 16);
	cr_assert_eq(s.ec.tx_max_coalesced_frames, 32);
	cr_assert_eq(s.ec.use_adaptive_rx_coalesce, 1);
	cr_assert_eq(s.ec.use_adaptive_tx_coalesce, 1);
	cr_assert_eq(s.ec.rx_coalesce_usecs_irq, 0); /* n/a */
}

Test(coalesce, parse_ipoib_ioctl_layout)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_parse_ethtool(fixture("ipoib-ib0-ethtool4.txt"), &s, &err), 0, "%s",
		     err.msg);
	cr_assert_str_eq(json_of(&s), "{\"rx_frames\":16,\"rx_usecs\":10,\"adaptive_rx\":false,"
				      "\"tx_frames\":0,\"tx_usecs\":0,\"adaptive_tx\":false}");
}

Test(coalesce, parse_unsupported_replies)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_parse_ethtool(fixture("lo-unsupported.txt"), &s, &err), 0);
	cr_assert_eq(s.supported, 0);
	cr_assert_eq(coal_parse_ethtool(fixture("veth-ethtool4-unsupported.txt"), &s, &err), 0);
	cr_assert_eq(s.supported, 0);
	cr_assert_str_eq(json_of(&s), "{\"supported\":false}");
}

Test(coalesce, parse_rejects_garbage)
{
	coal_settings s;
	st_err err = {0};
	cr_assert_eq(coal_parse_ethtool("hello\n", &s, &err), ST_EFORMAT);
	cr_assert(strstr(err.msg, "not the output of ethtool -c") != NULL, "%s", err.msg);
	cr_assert_eq(coal_parse_ethtool("Coalesce parameters for x:\nrx-usecs: 12ab\n", &s, &err),
		     ST_EFORMAT);
	cr_assert(strstr(err.msg, "line 2") != NULL, "%s", err.msg);
	cr_assert_eq(
		coal_parse_ethtool("Coalesce parameters for x:\nrx-usecs: 4294967296\n", &s, &err),
		ST_EFORMAT);
	cr_assert_eq(coal_parse_ethtool("Coalesce parameters for x:\nAdaptive RX: maybe  TX: on\n",
					&s, &err),
		     ST_EFORMAT);
}
