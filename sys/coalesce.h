/* SPDX-License-Identifier: BSD-3-Clause */
/* coalesce.h: a network interface's interrupt coalescing, read and written
 * through the ethtool ioctl (SIOCETHTOOL with ETHTOOL_GCOALESCE and
 * ETHTOOL_SCOALESCE), and its JSON form for trial fingerprints.
 *
 * Library code (sys/): nothing here prints or exits; errors come back as a
 * negative ST_E* code (stats/sterr.h) with a one-line message naming the
 * interface and the errno text in the st_err. A driver without
 * coalescing (EOPNOTSUPP: lo, veth, many virtual NICs) is not an error: the
 * settings come back with supported == 0. */
#ifndef SRIOVSTAT_COALESCE_H
#define SRIOVSTAT_COALESCE_H

#include <stddef.h>

#include <json-c/json.h>
#include <linux/ethtool.h>

#include "sterr.h"

typedef struct coal_settings {
	int supported;              /* 0 when the driver has no coalescing (EOPNOTSUPP) */
	struct ethtool_coalesce ec; /* the whole struct as ETHTOOL_GCOALESCE returned it */
} coal_settings;

/* Read ifname's coalescing (ETHTOOL_GCOALESCE via SIOCETHTOOL). 0 ok (s->supported says
 * whether the driver supports it); ST_EVALUE for a name that is no interface name,
 * ST_EIO when the ioctl fails, with a message naming ifname and errno in err. */
int coal_get(const char *ifname, coal_settings *s, st_err *err);

/* Write s->ec with ETHTOOL_SCOALESCE (root needed). 0, or ST_EIO (ST_EVALUE for
 * a bad name, or settings with supported == 0) with a message in err. */
int coal_set(const char *ifname, const coal_settings *s, st_err *err);

/* {"rx_frames":..,"rx_usecs":..,"adaptive_rx":..,"tx_frames":..,"tx_usecs":..,"adaptive_tx":..}
 * (adaptive_* booleans) or {"supported":false} (new json-c object). */
json_object *coal_to_json(const coal_settings *s);

/* Fill s from the text `ethtool -c IFNAME` printed (captured replies under
 * tests/data; both the ioctl-era and the netlink-era layouts). Fields the
 * text gives as "n/a" are 0. A reply saying "Operation not supported" gives
 * supported == 0. 0, or ST_EFORMAT with err when the text is neither. */
int coal_parse_ethtool(const char *text, coal_settings *s, st_err *err);

#endif
