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

const TAKEN: Record<string, (name: string) => PasswordLinkMail> = {
  'zh-CN': (name) => ({
    subject: 'Tierdesk：有人尝试用您的邮箱添加用户',
    text: `${name}，您好：\n\n有人在 Tierdesk 中用此邮箱添加了一个用户（${name}），但此邮箱已用于登录另一个用户，因此没有为其开通登录。\n如果这是您预期的操作，请让对方改用其他邮箱；否则请忽略本邮件。`,
  }),
  'en-US': (name) => ({
    subject: 'Tierdesk: someone added a user with your email',
    text: `Hello,\n\nSomeone added a user (${name}) with this email in Tierdesk, but the email already signs in another user, so no sign-in was given to the new one.\nIf you expected this, ask them to use another email; otherwise ignore this mail.`,
  }),
};

/** To an address that already signs in, when someone gave a new user that email (issue 13: told to the owner only). */
export function emailTakenMail(locale: string, name: string): PasswordLinkMail {
  return (TAKEN[locale] ?? TAKEN['en-US']!)(name);
}
