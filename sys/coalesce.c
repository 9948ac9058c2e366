/* SPDX-License-Identifier: BSD-3-Clause */
/* coalesce.c: interrupt coalescing through the ethtool ioctl. */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "coalesce.h"

/* A socket to send ethtool ioctls on (any family reaches dev_ioctl). */
static int ethtool_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd;
}

/* Issue one SIOCETHTOOL request for ifname; 0 or -1 with errno set. */
static int ethtool_ioctl(const char *ifname, void *cmd)
{
	int fd = ethtool_socket();
	if (fd < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	ifr.ifr_data = cmd;
	int rc = ioctl(fd, SIOCETHTOOL, &ifr);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* Check an interface name before it goes into struct ifreq. */
static int check_ifname(const char *ifname, st_err *err)
{
	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ || strchr(ifname, '/'))
		return st_seterr(err, ST_EVALUE, "'%s' is not a network interface name",
				 ifname ? ifname : "(null)");
	return 0;
}

/* Read the coalescing settings. */
int coal_get(const char *ifname, coal_settings *s, st_err *err)
{
	memset(s, 0, sizeof *s);
	int rc = check_ifname(ifname, err);
	if (rc < 0)
		return rc;
	s->ec.cmd = ETHTOOL_GCOALESCE;
	if (ethtool_ioctl(ifname, &s->ec) < 0) {
		int e = errno;
		memset(s, 0, sizeof *s);
		if (e == EOPNOTSUPP)
			return 0;
		if (e == ENODEV)
			return st_seterr(err, ST_EIO,
					 "%s: no such network interface (ETHTOOL_GCOALESCE: %s)",
					 ifname, strerror(e));
		return st_seterr(err, ST_EIO, "%s: ETHTOOL_GCOALESCE failed: %s", ifname,
				 strerror(e));
	}
	s->supported = 1;
	return 0;
}

/* Write the coalescing settings. */
int coal_set(const char *ifname, const coal_settings *s, st_err *err)
{
	int rc = check_ifname(ifname, err);
	if (rc < 0)
		return rc;
	if (!s->supported)
		return st_seterr(err, ST_EVALUE,
				 "%s: the driver has no interrupt coalescing to set", ifname);
	struct ethtool_coalesce ec = s->ec;
	ec.cmd = ETHTOOL_SCOALESCE;
	if (ethtool_ioctl(ifname, &ec) < 0) {
		int e = errno;
		if (e == EPERM || e == EACCES)
			return st_seterr(err, ST_EIO,
					 "%s: ETHTOOL_SCOALESCE: %s (needs root or CAP_NET_ADMIN)",
					 ifname, strerror(e));
		if (e == EOPNOTSUPP)
			return st_seterr(
				err, ST_EIO,
				"%s: ETHTOOL_SCOALESCE: the driver cannot set coalescing (%s)",
				ifname, strerror(e));
		if (e == EINVAL)
			return st_seterr(
				err, ST_EIO,
				"%s: ETHTOOL_SCOALESCE: the driver rejected these values (%s)",
				ifname, strerror(e));
		return st_seterr(err, ST_EIO, "%s: ETHTOOL_SCOALESCE failed: %s", ifname,
				 strerror(e));
	}
	return 0;
}

/* The JSON form recorded in fingerprints. */
json_object *coal_to_json(const coal_settings *s)
{
	json_object *o = json_object_new_object();
	if (!s->supported) {
		json_object_object_add(o, "supported", json_object_new_boolean(0));
		return o;
	}
	const struct ethtool_coalesce *ec = &s->ec;
	json_object_object_add(o, "rx_frames", json_object_new_int64(ec->rx_max_coalesced_frames));
	json_object_object_add(o, "rx_usecs", json_object_new_int64(ec->rx_coalesce_usecs));
	json_object_object_add(o, "adaptive_rx",
			       json_object_new_boolean(ec->use_adaptive_rx_coalesce != 0));
	json_object_object_add(o, "tx_frames", json_object_new_int64(ec->tx_max_coalesced_frames));
	json_object_object_add(o, "tx_usecs", json_object_new_int64(ec->tx_coalesce_usecs));
	json_object_object_add(o, "adaptive_tx",
			       json_object_new_boolean(ec->use_adaptive_tx_coalesce != 0));
	return o;
}

/* Where each `ethtool -c` key lands in struct ethtool_coalesce. */
static const struct {
	const char *key;
	size_t off;
} coal_keys[] = {
#define K(name, field)                                         \
	{                                                      \
		name, offsetof(struct ethtool_coalesce, field) \
	}
	K("stats-block-usecs", stats_block_coalesce_usecs),
	K("sample-interval", rate_sample_interval),
	K("pkt-rate-low", pkt_rate_low),
	K("pkt-rate-high", pkt_rate_high),
	K("rx-usecs", rx_coalesce_usecs),
	K("rx-frames", rx_max_coalesced_frames),
	K("rx-usecs-irq", rx_coalesce_usecs_irq),
	K("rx-frames-irq", rx_max_coalesced_frames_irq),
	K("tx-usecs", tx_coalesce_usecs),
	K("tx-frames", tx_max_coalesced_frames),
	K("tx-usecs-irq", tx_coalesce_usecs_irq),
	K("tx-frames-irq", tx_max_coalesced_frames_irq),
	K("rx-usecs-low", rx_coalesce_usecs_low),
	K("rx-frame-low", rx_max_coalesced_frames_low),
	K("tx-usecs-low", tx_coalesce_usecs_low),
	K("tx-frame-low", tx_max_coalesced_frames_low),
	K("rx-usecs-high", rx_coalesce_usecs_high),
	K("rx-frame-high", rx_max_coalesced_frames_high),
	K("tx-usecs-high", tx_coalesce_usecs_high),
	K("tx-frame-high", tx_max_coalesced_frames_high),
#undef K
};

/* "on"/"off"/"n/a" (1, 0, 0) after a word such as "RX:" in line; -1 when absent. */
static int onoff_after(const char *line, const char *word)
{
	const char *p = strstr(line, word);
	if (!p)
		return -1;
	p += strlen(word);
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "on", 2) == 0)
		return 1;
	if (strncmp(p, "off", 3) == 0 || strncmp(p, "n/a", 3) == 0)
		return 0;
	return -1;
}

/* Parse one "key: value" line into s; 0, or -1 on a bad number. */
static int parse_line(const char *line, size_t len, coal_settings *s)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), line);
	if (strncmp(buf, "Adaptive RX:", 12) == 0) {
		int rx = onoff_after(buf, "RX:"), tx = onoff_after(buf, "TX:");
		if (rx < 0 || tx < 0)
			return -1;
		s->ec.use_adaptive_rx_coalesce = (uint32_t)rx;
		s->ec.use_adaptive_tx_coalesce = (uint32_t)tx;
		return 0;
	}
	char *colon = strchr(buf, ':');
	if (!colon)
		return 0;
	*colon = '\0';
	for (size_t i = 0; i < sizeof coal_keys / sizeof coal_keys[0]; i++) {
		if (strcmp(buf, coal_keys[i].key) != 0)
			continue;
		const char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		if (strncmp(v, "n/a", 3) == 0)
			return 0;
		char *end;
		errno = 0;
		unsigned long x = strtoul(v, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r')
			end++;
		if (end == v || *end || errno || x > UINT32_MAX)
			return -1;
		uint32_t u = (uint32_t)x;
		memcpy((char *)&s->ec + coal_keys[i].off, &u, sizeof u);
		return 0;
	}
	return 0;
}

/* Parse captured `ethtool -c` output. */
int coal_parse_ethtool(const char *text, coal_settings *s, st_err *err)
{
	memset(s, 0, sizeof *s);
	if (strstr(text, "Operation not supported"))
		return 0;
	if (strncmp(text, "Coalesce parameters for ", 24) != 0) {
		return st_seterr(err, ST_EFORMAT,
				 "not the output of ethtool -c (no \"Coalesce parameters for\")");
	}
	int lineno = 0;
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		lineno++;
		if (parse_line(line, len, s) < 0) {
			memset(s, 0, sizeof *s);
			return st_seterr(err, ST_EFORMAT,
					 "ethtool -c output, line %d: cannot read \"%.*s\"", lineno,
					 (int)(len > 80 ? 80 : len), line);
		}
		line = nl ? nl + 1 : NULL;
	}
	s->ec.cmd = ETHTOOL_GCOALESCE;
	s->supported = 1;
	return 0;
}
