/** Mail texts of the identity context, per locale (zh-CN, en-US). */
export interface PasswordLinkMail {
  readonly subject: string;
  readonly text: string;
}

const TEXTS: Record<string, (name: string, url: string, hours: number) => PasswordLinkMail> = {
  'zh-CN': (name, url, hours) => ({
    subject: 'Tierdesk：设置您的密码',
    text: `${name}，您好：\n\n请打开以下链接设置登录密码（${hours} 小时内有效，仅可使用一次）：\n${url}\n\n如果不是您本人操作，请忽略本邮件。`,
  }),
  'en-US': (name, url, hours) => ({
    subject: 'Tierdesk: set your password',
    text: `Hello ${name},\n\nOpen this link to set your sign-in password (valid for ${hours} hours, once):\n${url}\n\nIf you did not expect this mail, ignore it.`,
  }),
};

export function passwordLinkMail(locale: string, name: string, url: string, hours: number): PasswordLinkMail {
  return (TEXTS[locale] ?? TEXTS['en-US']!)(name, url, hours);
}
