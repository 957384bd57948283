//! Time as tclive reads and writes it: the clock (unix seconds), the one form it writes a time
//! in (UTC, RFC 3339) and the forms the Tencent Cloud API writes times in.

use time::OffsetDateTime;

/// Now, in unix seconds (0 should the clock be before 1970).
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `2027-01-30T00:00:00Z`
pub fn utc(ts: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| ts.to_string())
}

/// The API's times, as unix seconds. The service writes Beijing time (UTC+8) with no offset
/// (`2024-04-17 11:55:21`, the documented form of bindings and domains), UTC
/// (`2018-11-30T15:50:12Z`) and RFC 3339 with an offset (`2025-09-24T13:23:43+08:00`, in its
/// examples); each may carry fractional seconds (cut off), and the date and time may be
/// parted by `T`, `t` or a space. A time without an offset is Beijing time.
pub fn parse_api_time(s: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let mut s = s.trim().to_string();
    // An ASCII byte is a whole character: replacing it keeps the text UTF-8.
    if matches!(s.as_bytes().get(10), Some(b' ' | b't')) {
        s.replace_range(10..11, "T");
    }
    if s.ends_with('z') {
        s.pop();
        s.push('Z');
    }
    let t = match time::OffsetDateTime::parse(&s, &Rfc3339) {
        Ok(t) => t.unix_timestamp(),
        Err(_) => {
            let fmt = format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
            );
            let t = time::PrimitiveDateTime::parse(&s, fmt).ok()?;
            t.assume_offset(time::macros::offset!(+8)).unix_timestamp()
        }
    };
    // A time is shown in UTC, as RFC 3339 writes it: years 0000 to 9999. One that leaves them
    // once moved to UTC (0000-01-01 00:00 in Beijing is in the year -1) cannot be shown as a
    // date, and is no time the service means: it is not read (found by fuzzing).
    (FIRST_UTC..=LAST_UTC).contains(&t).then_some(t)
}

/// "7m12s behind" / "3m0s ahead of"
pub fn describe_skew(offset: i64) -> String {
    let abs = offset.unsigned_abs();
    let (m, s) = (abs / 60, abs % 60);
    let amount = if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    };
    if offset >= 0 {
        format!("your clock is {amount} behind the API's")
    } else {
        format!("your clock is {amount} ahead of the API's")
    }
}

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the first and last times RFC 3339 writes.
const FIRST_UTC: i64 = -62_167_219_200;
const LAST_UTC: i64 = 253_402_300_799;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_format() {
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn beijing_time_across_a_date_boundary() {
        // 03:00 on 1 December in Beijing is 19:00 on 30 November in UTC.
        let t = parse_api_time("2026-12-01 03:00:00").unwrap();
        assert_eq!(utc(t), "2026-11-30T19:00:00Z");
        let t = parse_api_time("2018-11-30T15:50:12Z").unwrap();
        assert_eq!(utc(t), "2018-11-30T15:50:12Z");
        assert_eq!(parse_api_time("0000-00-00 00:00:00"), None);
        assert_eq!(parse_api_time(""), None);
        assert_eq!(parse_api_time("yesterday"), None);
    }

    #[test]
    fn a_time_outside_the_years_utc_can_be_written_in_is_unreadable_never_a_number() {
        // Found by fuzzing (fuzz/regressions/api_time/): 0000-01-01 00:00 in Beijing is in the
        // year -1 in UTC, which RFC 3339 cannot write, so `cert list` showed such an expiry as
        // `-62167248000` and counted it as read.
        for s in [
            "0000-01-01 00:00:00",
            "0000-01-01T00:00:00+08:00",
            "9999-12-31T23:59:59-08:00",
        ] {
            assert_eq!(parse_api_time(s), None, "{s:?}");
        }
        let shown = |s: &str| parse_api_time(s).map(utc);
        assert_eq!(
            shown("0000-01-01T00:00:00Z").as_deref(),
            Some("0000-01-01T00:00:00Z")
        );
        assert_eq!(
            shown("9999-12-31 23:59:59").as_deref(),
            Some("9999-12-31T15:59:59Z")
        );
        assert_eq!(utc(FIRST_UTC), "0000-01-01T00:00:00Z");
        assert_eq!(utc(LAST_UTC), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn every_time_form_the_service_writes_is_read() {
        for s in [
            "2026-12-01 03:00:00",
            "2026-12-01T03:00:00",
            "2026-12-01 03:00:00.999",
            "2026-11-30T19:00:00Z",
            "2026-11-30t19:00:00z",
            "2026-11-30T19:00:00.123456789Z",
            "2026-12-01T03:00:00+08:00",
            "2026-12-01 03:00:00+08:00",
            "2026-11-30T14:00:00.5-05:00",
            " 2026-12-01 03:00:00 ",
        ] {
            let t = parse_api_time(s).map(utc);
            assert_eq!(t.as_deref(), Some("2026-11-30T19:00:00Z"), "{s:?}");
        }
        for s in [
            "2026-12-01 03:00",
            "2026-12-01 03:00:00 +0800",
            "2026-12-01T03:00:00+0800",
            "1796094000",
            "2026-13-01 00:00:00",
            "2026-12-01 03:00:00.",
            "2026-12-01é03:00:00",
        ] {
            assert_eq!(parse_api_time(s), None, "{s:?}");
        }
    }
}
