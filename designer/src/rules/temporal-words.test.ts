import { describe, expect, it } from 'vitest';
import { type Locale, translate } from '../app/i18n/index.js';
import {
  editableText,
  parseTemporal,
  readTemporalCell,
  temporalCellWords,
  temporalKind,
  temporalOpWords,
  writeTemporalCell,
} from './temporal-cells.js';
import {
  dateExample,
  dateTimeWords,
  dateWords,
  durationWords,
  parseDate,
  parseDateTime,
  parseDuration,
  parseTime,
  timeWords,
  todayInShanghai,
} from './temporal-words.js';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate(locale, key, vars);

describe('durations as people say them', () => {
  it('reads 3天, 4小时, 3天4小时, 2周 (and ISO from experts) as the ISO duration FEEL holds', () => {
    const cases: Array<[string, string]> = [
      ['3天', 'P3D'],
      ['4小时', 'PT4H'],
      ['3天4小时', 'P3DT4H'],
      ['3 天 4 个小时', 'P3DT4H'],
      ['2周', 'P14D'],
      ['2周3天', 'P17D'],
      ['三天', 'P3D'],
      ['十五天', 'P15D'],
      ['一百二十天', 'P120D'],
      ['两小时三十分钟', 'PT2H30M'],
      ['30分钟', 'PT30M'],
      ['3 days 4 hours', 'P3DT4H'],
      ['2 weeks and 1 day', 'P15D'],
      ['P3D', 'P3D'],
      ['pt4h', 'PT4H'],
      ['P3DT4H', 'P3DT4H'],
      ['P2W', 'P14D'],
      ['0天', 'P0D'],
    ];
    for (const [text, iso] of cases) expect(parseDuration(text), text).toBe(iso);
    expect(parseDuration('1年2个月', 'yearMonth')).toBe('P1Y2M');
    expect(parseDuration('6个月', 'yearMonth')).toBe('P6M');
    expect(parseDuration('P1Y', 'yearMonth')).toBe('P1Y');
  });

  it('refuses what is not a duration of the kind: working days, a bare number, units twice, months for days', () => {
    for (const text of ['5个工作日', '3', '天', '3天3天', 'P', 'PT', '3 d', 'abc', '3天 和', '-P3D', '1年'])
      expect(parseDuration(text), text).toBeNull();
    expect(parseDuration('3天', 'yearMonth')).toBeNull();
  });

  it('says a stored duration in words, in both languages', () => {
    expect(durationWords('P3D', t('zh-CN'))).toBe('3天');
    expect(durationWords('PT4H', t('zh-CN'))).toBe('4小时');
    expect(durationWords('P3DT4H', t('zh-CN'))).toBe('3天4小时');
    expect(durationWords('P14D', t('zh-CN'))).toBe('14天');
    expect(durationWords('PT2H30M', t('zh-CN'))).toBe('2小时30分钟');
    expect(durationWords('P1Y2M', t('zh-CN'))).toBe('1年2个月');
    expect(durationWords('P3DT4H', t('en'))).toBe('3 days 4 hours');
    expect(durationWords('3 workDay', t('zh-CN'))).toBeNull();
    // What the words say reads back as the same duration.
    for (const iso of ['P3D', 'PT4H', 'P3DT4H', 'PT2H30M'])
      expect(parseDuration(durationWords(iso, t('zh-CN'))!)).toBe(iso);
  });
});

describe('dates and times in the centres’ time', () => {
  it('reads dates as written in China and says them back', () => {
    expect(parseDate('2026年12月31日')).toBe('2026-12-31');
    expect(parseDate('2026-12-31')).toBe('2026-12-31');
    expect(parseDate('2026/1/5')).toBe('2026-01-05');
    expect(parseDate('2026年2月30日')).toBeNull();
    expect(parseDate('31.12.2026')).toBeNull();
    expect(dateWords('2026-12-31', 'zh-CN')).toBe('2026年12月31日');
    expect(dateWords('2026-12-31', 'en')).toBe('31 December 2026');
    expect(dateWords('2026-13-01', 'zh-CN')).toBeNull();
  });

  it('stores a date and time with the +08:00 offset and never says it in UTC', () => {
    expect(parseDateTime('2026年12月31日 17:30')).toBe('2026-12-31T17:30:00+08:00');
    expect(parseDateTime('2026年12月31日17点30分')).toBe('2026-12-31T17:30:00+08:00');
    expect(parseDateTime('2026-12-31 9:05')).toBe('2026-12-31T09:05:00+08:00');
    expect(parseDateTime('2026-12-31')).toBe('2026-12-31T00:00:00+08:00');
    // An expert's UTC is the same instant in Beijing time.
    expect(parseDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01T00:00:00+08:00');
    expect(parseDateTime('2026-12-31T17:30:00@Asia/Shanghai')).toBe('2026-12-31T17:30:00+08:00');
    expect(parseDateTime('2026-12-31 25:00')).toBeNull();
    expect(dateTimeWords('2026-12-31T17:30:00+08:00', 'zh-CN')).toBe('2026年12月31日 17:30');
    expect(dateTimeWords('2018-01-25T00:00:00Z', 'zh-CN')).toBe('2018年1月25日 08:00');
    expect(dateTimeWords('2026-12-31T17:30:15', 'en')).toBe('31 December 2026 17:30:15');
    for (const locale of ['zh-CN', 'en'] as const)
      for (const example of [dateExample(locale, false), dateExample(locale, true)]) {
        expect(example).not.toMatch(/Z|UTC|T\d/);
        expect(parseDateTime(example)).not.toBeNull();
      }
    expect(dateExample('zh-CN', true)).toBe('2026年12月31日 17:30');
  });

  it('takes today in Beijing, not in UTC', () => {
    expect(todayInShanghai(new Date('2026-12-07T17:00:00Z'))).toBe('2026-12-08');
    expect(todayInShanghai(new Date('2026-12-07T15:59:00Z'))).toBe('2026-12-07');
  });
});

describe('date and duration cells', () => {
  it('reads and writes what dmn-js writes', () => {
    expect(temporalKind('dayTimeDuration')).toBe('dayTime');
    expect(temporalKind('dateTime')).toBe('dateTime');
    expect(temporalKind('string')).toBeNull();
    const cells: Array<[string, 'date' | 'dateTime' | 'dayTime']> = [
      ['duration("P3D")', 'dayTime'],
      ['< duration("PT4H")', 'dayTime'],
      ['>= duration("P1D")', 'dayTime'],
      ['[duration("P1D")..duration("P3D")]', 'dayTime'],
      ['< date("2026-12-31")', 'date'],
      ['[date("2026-01-01")..date("2026-12-31")]', 'date'],
      ['date and time("2026-12-31T17:30:00+08:00")', 'dateTime'],
    ];
    for (const [text, kind] of cells) expect(writeTemporalCell(readTemporalCell(text, kind)!, kind)).toBe(text);
    expect(readTemporalCell('-', 'date')).toBeNull();
    expect(readTemporalCell('date("2026-12-31")', 'dayTime')).toBeUndefined();
    expect(readTemporalCell(']duration("P1D")..duration("P3D")]', 'dayTime')).toBeUndefined();
  });

  it('says a cell in words', () => {
    const zh = t('zh-CN');
    expect(temporalCellWords('duration("P3D")', zh, 'zh-CN')).toBe('3天');
    expect(temporalCellWords('< duration("P3DT4H")', zh, 'zh-CN')).toBe('少于3天4小时');
    expect(temporalCellWords('[duration("P1D")..duration("P2W")]', zh, 'zh-CN')).toBe('1天至14天');
    expect(temporalCellWords('date("2026-12-31")', zh, 'zh-CN')).toBe('2026年12月31日');
    expect(temporalCellWords('> date("2026-12-31")', zh, 'zh-CN')).toBe('晚于2026年12月31日');
    expect(temporalCellWords('<= date and time("2026-12-31T17:30:00+08:00")', zh, 'zh-CN')).toBe(
      '不晚于2026年12月31日 17:30',
    );
    expect(temporalCellWords('< duration("P3D")', t('en'), 'en')).toBe('less than 3 days');
    for (const text of ['duration("3 days")', 'date("tomorrow")', 'duration(x)', '"P3D"'])
      expect(temporalCellWords(text, zh, 'zh-CN'), text).toBeNull();
    expect(temporalOpWords('lt', 'date', zh)).toBe('早于');
    expect(temporalOpWords('lt', 'dayTime', zh)).toBe('少于');
    expect(temporalOpWords('between', 'dayTime', t('en'))).toBe('between');
  });
});

describe('times of day as people say them', () => {
  it('reads 17:30, 17点30分, 下午5点半, 5:30 pm (and ISO from experts) as the centres’ clock, without an offset', () => {
    const cases: Array<[string, string]> = [
      ['17:30', '17:30:00'],
      ['17：30', '17:30:00'],
      ['9:05', '09:05:00'],
      ['17点30分', '17:30:00'],
      ['17点半', '17:30:00'],
      ['下午5点半', '17:30:00'],
      ['下午五点半', '17:30:00'],
      ['下午5:30', '17:30:00'],
      ['晚上8点', '20:00:00'],
      ['上午9点一刻', '09:15:00'],
      ['中午12点', '12:00:00'],
      ['中午1点', '13:00:00'],
      ['凌晨12点', '00:00:00'],
      ['5:30 pm', '17:30:00'],
      ['5pm', '17:00:00'],
      ['17:30:15', '17:30:15'],
      ['17点30分15秒', '17:30:15'],
      ['17:30:00+08:00', '17:30:00'],
      ['09:30:00Z', '17:30:00'],
      ['20:00:00Z', '04:00:00'],
    ];
    for (const [text, iso] of cases) expect(parseTime(text), text).toBe(iso);
    for (const text of ['', '17', '25:00', '17:60', '下午13点', '明天', '3天', '2026年12月31日 17:30'])
      expect(parseTime(text), text).toBeNull();
  });

  it('says a stored time as 17:30, seconds only when there are some, in Beijing time', () => {
    expect(timeWords('17:30:00')).toBe('17:30');
    expect(timeWords('17:30:00+08:00')).toBe('17:30');
    expect(timeWords('09:30:00Z')).toBe('17:30');
    expect(timeWords('17:30:15')).toBe('17:30:15');
    expect(timeWords('下午5点')).toBeNull();
  });

  it('reads and writes time cells as dmn-js does, and says them in words', () => {
    const zh = t('zh-CN');
    expect(temporalKind('time')).toBe('time');
    for (const text of ['time("17:30:00")', '< time("09:00:00")', '[time("09:00:00")..time("17:30:00")]'])
      expect(writeTemporalCell(readTemporalCell(text, 'time')!, 'time')).toBe(text);
    expect(readTemporalCell('date("2026-12-31")', 'time')).toBeUndefined();
    expect(parseTemporal('下午5点半', 'time')).toBe('17:30:00');
    expect(editableText('17:30:00+08:00', 'time', zh, 'zh-CN')).toBe('17:30');
    expect(temporalCellWords('time("17:30:00+08:00")', zh, 'zh-CN')).toBe('17:30');
    expect(temporalCellWords('> time("17:30:00")', zh, 'zh-CN')).toBe('晚于17:30');
    expect(temporalCellWords('[time("09:00:00")..time("17:30:00")]', zh, 'zh-CN')).toBe('09:00至17:30');
    expect(temporalCellWords('< time("09:00:00")', t('en'), 'en')).toBe('before 09:00');
    expect(temporalOpWords('lt', 'time', zh)).toBe('早于');
  });
});
