/* SPDX-License-Identifier: BSD-3-Clause */
/* sysset.c: named settings of this node (interrupt coalescing, sysctl). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "coalesce.h"
#include "sysset.h"

enum { SK_COAL, SK_SYSCTL };

/* The coalescing fields, as ethtool -C names them. */
static const char *const coal_fields[] = {"rx-frames", "rx-usecs", "adaptive-rx",
					  "tx-frames", "tx-usecs", "adaptive-tx"};
#define NFIELDS (sizeof coal_fields / sizeof coal_fields[0])

/* A parsed setting name. */
typedef struct skey {
	int kind;
	char ifname[32];              /* coalesce */
	int field;                    /* coalesce: index in coal_fields */
	char path[SSET_KEY_MAX + 16]; /* sysctl: /proc/sys/... */
} skey;

/* Parse a setting name. 0, or ST_EVALUE with the reason. */
static int parse_key(const char *key, skey *k, st_err *err)
{
	memset(k, 0, sizeof *k);
	if (!key || strlen(key) > SSET_KEY_MAX)
		return st_seterr(err, ST_EVALUE, "a setting name of more than %d characters",
				 SSET_KEY_MAX);
	if (strncmp(key, "coalesce:", 9) == 0) {
		const char *ifn = key + 9, *colon = strrchr(ifn, ':');
		size_t n = colon ? (size_t)(colon - ifn) : 0;
		if (!colon || n == 0 || n >= 16 || memchr(ifn, '/', n) || memchr(ifn, ' ', n))
			return st_seterr(
				err, ST_EVALUE,
				"'%s': expected coalesce:INTERFACE:FIELD (an interface name of at most 15 characters)",
				key);
		for (size_t i = 0; i < NFIELDS; i++)
			if (strcmp(colon + 1, coal_fields[i]) == 0) {
				k->kind = SK_COAL;
				k->field = (int)i;
				memcpy(k->ifname, ifn, n);
				k->ifname[n] = '\0';
				return 0;
			}
		return st_seterr(
			err, ST_EVALUE,
			"'%s': unknown coalescing field '%s' (rx-frames, rx-usecs, adaptive-rx, tx-frames, tx-usecs, adaptive-tx)",
			key, colon + 1);
	}
	if (strncmp(key, "sysctl:", 7) == 0) {
		const char *name = key + 7;
		int slash = strchr(name, '/') != NULL;
		if (!*name || *name == '.' || *name == '/' || strstr(name, ".."))
			return st_seterr(err, ST_EVALUE, "'%s': not a kernel parameter name", key);
		for (const char *p = name; *p; p++)
			if (!(isalnum((unsigned char)*p) || strchr("._-/", *p)))
				return st_seterr(err, ST_EVALUE,
						 "'%s': not a kernel parameter name", key);
		k->kind = SK_SYSCTL;
		int n = snprintf(k->path, sizeof k->path, "/proc/sys/%s", name);
		if (!slash)
			for (char *p = k->path + 10; *p; p++)
				if (*p == '.')
					*p = '/';
		(void)n;
		return 0;
	}
	return st_seterr(
		err, ST_EVALUE,
		"unknown setting '%s' (settings are coalesce:INTERFACE:FIELD and sysctl:NAME)",
		key);
}

/* Whether a key names a known setting. */
int sset_key_check(const char *key, st_err *err)
{
	skey k;
	return parse_key(key, &k, err);
}

/* Whether a coalescing field is an on/off one. */
static int is_bool_field(int field)
{
	return strncmp(coal_fields[field], "adaptive", 8) == 0;
}

/* The canonical form of a value. */
int sset_canon(const char *key, const char *value, char *out, size_t outlen, st_err *err)
{
	skey k;
	int rc = parse_key(key, &k, err);
	if (rc < 0)
		return rc;
	if (k.kind == SK_COAL) {
		if (is_bool_field(k.field)) {
			static const char *const on[] = {"on", "yes", "true", "1"};
			static const char *const off[] = {"off", "no", "false", "0"};
			for (size_t i = 0; i < 4; i++) {
				if (strcasecmp(value, on[i]) == 0) {
					snprintf(out, outlen, "on");
					return 0;
				}
				if (strcasecmp(value, off[i]) == 0) {
					snprintf(out, outlen, "off");
					return 0;
				}
			}
			return st_seterr(err, ST_EVALUE, "%s: '%s' is not on or off", key, value);
		}
		char *end;
		errno = 0;
		unsigned long long v = strtoull(value, &end, 10);
		if (!isdigit((unsigned char)value[0]) || *end || errno || v > UINT32_MAX)
			return st_seterr(err, ST_EVALUE,
					 "%s: '%s' is not a whole number from 0 to %u", key, value,
					 UINT32_MAX);
		snprintf(out, outlen, "%llu", v);
		return 0;
	}
	/* sysctl: words separated by one blank. */
	size_t n = 0;
	const char *p = value;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (n > 0) {
			if (n + 1 >= outlen)
				goto toolong;
			out[n++] = ' ';
		}
		while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
			if ((unsigned char)*p < 0x20 || n + 1 >= outlen || n + 1 >= SSET_VALUE_MAX)
				goto toolong;
			out[n++] = *p++;
		}
	}
	if (n == 0)
		return st_seterr(err, ST_EVALUE, "%s: an empty value", key);
	out[n] = '\0';
	return 0;
toolong:
	return st_seterr(err, ST_EVALUE,
			 "%s: the value is longer than %d characters or has control characters",
			 key, SSET_VALUE_MAX - 1);
}

/* The field's value in a struct ethtool_coalesce. */
static uint32_t *coal_field(struct ethtool_coalesce *ec, int field)
{
	switch (field) {
	case 0: return &ec->rx_max_coalesced_frames;
	case 1: return &ec->rx_coalesce_usecs;
	case 2: return &ec->use_adaptive_rx_coalesce;
	case 3: return &ec->tx_max_coalesced_frames;
	case 4: return &ec->tx_coalesce_usecs;
	default: return &ec->use_adaptive_tx_coalesce;
	}
}

/* Read an interface's coalescing, an unsupported driver being an error. */
static int coal_read(const skey *k, coal_settings *s, st_err *err)
{
	int rc = coal_get(k->ifname, s, err);
	if (rc < 0)
		return rc;
	if (!s->supported)
		return st_seterr(
			err, ST_EVALUE,
			"%s does not support interrupt coalescing (its driver answers \"Operation not supported\")",
			k->ifname);
	return 0;
}

/* Read a sysctl file into value (canonical). */
static int sysctl_read(const skey *k, const char *key, char *value, size_t len, st_err *err)
{
	int fd = open(k->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return st_seterr(err, ST_EIO, "%s: cannot read %s: %s", key, k->path,
				 strerror(errno));
	char buf[SSET_VALUE_MAX * 2];
	ssize_t n;
	do
		n = read(fd, buf, sizeof buf - 1);
	while (n < 0 && errno == EINTR);
	int e = errno;
	close(fd);
	if (n < 0)
		return st_seterr(err, ST_EIO, "%s: cannot read %s: %s", key, k->path, strerror(e));
	buf[n] = '\0';
	if (sset_canon(key, buf, value, len, NULL) < 0)
		return st_seterr(err, ST_EFORMAT, "%s: %s holds no usable value", key, k->path);
	return 0;
}

/* Read a setting. */
int sset_get(const char *key, char *value, size_t len, st_err *err)
{
	skey k;
	int rc = parse_key(key, &k, err);
	if (rc < 0)
		return rc;
	if (k.kind == SK_SYSCTL)
		return sysctl_read(&k, key, value, len, err);
	coal_settings s;
	rc = coal_read(&k, &s, err);
	if (rc < 0)
		return rc;
	uint32_t v = *coal_field(&s.ec, k.field);
	if (is_bool_field(k.field))
		snprintf(value, len, "%s", v ? "on" : "off");
	else
		snprintf(value, len, "%" PRIu32, v);
	return 0;
}

/* Write a setting. */
int sset_set(const char *key, const char *value, st_err *err)
{
	skey k;
	char canon[SSET_VALUE_MAX];
	int rc = sset_canon(key, value, canon, sizeof canon, err);
	if (rc < 0)
		return rc;
	parse_key(key, &k, err);
	if (k.kind == SK_COAL) {
		coal_settings s;
		rc = coal_read(&k, &s, err);
		if (rc < 0)
			return rc;
		*coal_field(&s.ec, k.field) = is_bool_field(k.field)
						      ? (strcmp(canon, "on") == 0)
						      : (uint32_t)strtoul(canon, NULL, 10);
		return coal_set(k.ifname, &s, err);
	}
	int fd = open(k.path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return st_seterr(err, ST_EIO, "%s: cannot write %s: %s", key, k.path,
				 strerror(errno));
	size_t n = strlen(canon);
	canon[n] = '\n';
	ssize_t w;
	do
		w = write(fd, canon, n + 1);
	while (w < 0 && errno == EINTR);
	int e = errno;
	if (close(fd) < 0 && w >= 0) {
		e = errno;
		w = -1;
	}
	if (w != (ssize_t)(n + 1)) {
		canon[n] = '\0';
		return st_seterr(err, ST_EIO, "%s: cannot write '%s' to %s: %s", key, canon, k.path,
				 w < 0 ? strerror(e) : "short write");
	}
	return 0;
}

/* Whether this process has CAP_NET_ADMIN (bit 12 of CapEff). */
static int has_net_admin(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return geteuid() == 0;
	char line[256];
	int ok = 0;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "CapEff:", 7) == 0) {
			unsigned long long caps = strtoull(line + 7, NULL, 16);
			ok = (caps >> 12) & 1;
			break;
		}
	fclose(f);
	return ok;
}

/* Whether a setting could be written. */
int sset_probe(const char *key, st_err *err)
{
	skey k;
	char v[SSET_VALUE_MAX];
	int rc = sset_get(key, v, sizeof v, err);
	if (rc < 0)
		return rc;
	parse_key(key, &k, err);
	if (k.kind == SK_SYSCTL) {
		if (access(k.path, W_OK) < 0)
			return st_seterr(err, ST_EIO, "%s: cannot write %s: %s", key, k.path,
					 strerror(errno));
		return 0;
	}
	if (!has_net_admin())
		return st_seterr(err, ST_EVALUE,
				 "%s: changing coalescing needs root or CAP_NET_ADMIN", key);
	return 0;
}

/* The settings named in a list, as read here. */
json_object *sset_read_list(const char *list)
{
	if (!list)
		return NULL;
	json_object *o = NULL;
	const char *p = list;
	while (*p) {
		p += strspn(p, " ,\t");
		size_t n = strcspn(p, " ,\t");
		if (n == 0)
			break;
		char key[SSET_KEY_MAX + 1], v[SSET_VALUE_MAX];
		st_err err;
		if (n <= SSET_KEY_MAX) {
			memcpy(key, p, n);
			key[n] = '\0';
			if (!o)
				o = json_object_new_object();
			if (sset_get(key, v, sizeof v, &err) == 0) {
				json_object_object_add(o, key, json_object_new_string(v));
			} else {
				json_object *e = json_object_new_object();
				json_object_object_add(e, "error", json_object_new_string(err.msg));
				json_object_object_add(o, key, e);
			}
		}
		p += n;
	}
	return o;
}
