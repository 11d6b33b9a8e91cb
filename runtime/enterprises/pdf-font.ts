import { readFile } from 'node:fs/promises';
import { ApiError } from '../platform/http/errors.js';

/** A font file and, for a collection (.ttc/.otc), the PostScript name of the face to use. */
export interface PdfFontChoice {
  path: string;
  name?: string;
}

/** The CJK font a PDF sheet is set in, read into memory. */
export interface PdfFont extends PdfFontChoice {
  data: Buffer;
}

/**
 * Where a Chinese font is looked for when CIVICFLOW_PDF_FONT is not set: WenQuanYi Micro Hei
 * (Debian/Ubuntu `fonts-wqy-microhei`, what .ci/run installs), then Noto Sans CJK (`fonts-noto-cjk`).
 */
export const DEFAULT_PDF_FONTS: readonly PdfFontChoice[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', name: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
];

const COLLECTION = /\.(ttc|otc)$/i;

/** `CIVICFLOW_PDF_FONT` as written: `/path/font.ttf`, or `/path/fonts.ttc,PostScriptName` for a collection. */
export function parsePdfFontSetting(setting: string): PdfFontChoice {
  const m = /^(.+?)\s*,\s*([^,/\\]+?)\s*$/.exec(setting.trim());
  return m ? { path: m[1]!, name: m[2]! } : { path: setting.trim() };
}

type Locale = 'zh-CN' | 'en';

const missing = (tried: string[], configured: boolean, locale: Locale) =>
  new ApiError(
    503,
    'PDF_FONT_MISSING',
    locale === 'zh-CN'
      ? configured
        ? `找不到 CIVICFLOW_PDF_FONT 指定的中文字体文件 ${tried[0]}，请改为实际存在的 .ttf/.otf/.ttc 字体路径（字体集写“路径,字体名”）后重启服务；生成PDF需要中文字体，可先使用“打印”按钮`
        : `服务器上没有生成PDF所需的中文字体（已查找 ${tried.join('、')}）。请管理员安装字体包（如 apt-get install fonts-wqy-microhei），或用环境变量 CIVICFLOW_PDF_FONT 指定字体文件后重启服务；在此之前可先使用“打印”按钮`
      : configured
        ? `the Chinese font CIVICFLOW_PDF_FONT names (${tried[0]}) does not exist: set it to a .ttf/.otf/.ttc file ("path,PostScriptName" for a collection) and restart; the HTML print works meanwhile`
        : `no Chinese font for PDFs on the server (looked for ${tried.join(', ')}): install one (apt-get install fonts-wqy-microhei) or set CIVICFLOW_PDF_FONT and restart; the HTML print works meanwhile`,
  );

export const unusableFont = (font: PdfFontChoice, reason: string, locale: Locale) =>
  new ApiError(
    503,
    'PDF_FONT_UNUSABLE',
    locale === 'zh-CN'
      ? `中文字体 ${font.path}${font.name ? `（${font.name}）` : ''} 无法用于生成PDF：${reason}。请在 CIVICFLOW_PDF_FONT 中改用可用的 .ttf/.otf 文件，或写明字体集中的字体名（如 /usr/share/fonts/truetype/wqy/wqy-microhei.ttc,WenQuanYiMicroHei）后重启服务`
      : `the Chinese font ${font.path}${font.name ? ` (${font.name})` : ''} cannot be used for PDFs: ${reason}. Set CIVICFLOW_PDF_FONT to a working .ttf/.otf file, or name the face of a collection ("path,PostScriptName"), and restart`,
  );

/**
 * The font for PDF sheets: the configured one (CIVICFLOW_PDF_FONT) or the first default that exists.
 * None found → 503 PDF_FONT_MISSING saying what to install or set; a collection without a face name → PDF_FONT_UNUSABLE.
 */
export async function loadPdfFont(setting: string | undefined, locale: Locale): Promise<PdfFont> {
  const choices = setting ? [parsePdfFontSetting(setting)] : DEFAULT_PDF_FONTS;
  for (const choice of choices) {
    const data = await readFile(choice.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw unusableFont(choice, err.code ?? err.message, locale);
    });
    if (!data) continue;
    if (COLLECTION.test(choice.path) && !choice.name)
      throw unusableFont(
        choice,
        locale === 'zh-CN' ? '这是字体集，需写明其中一个字体名' : 'it is a collection: name one of its faces',
        locale,
      );
    return { ...choice, data };
  }
  throw missing(
    choices.map((c) => c.path),
    !!setting,
    locale,
  );
}
