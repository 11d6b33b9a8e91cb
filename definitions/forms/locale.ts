/** The languages civicflow speaks to citizens and staff. */
export type Locale = 'zh-CN' | 'en';
