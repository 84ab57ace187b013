import { z } from 'zod';
import { ROLES } from '../lib/roles';
import { MIN_PASSWORD_LENGTH } from './password-policy';
import { idText } from '../lib/text';

const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid e-mail address' }));
const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'Password must be at most 200 characters');
const roleSchema = z.enum(ROLES);

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'Name is required').max(120),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  id: idText(),
  name: z.string().trim().min(1).max(120).optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ id: idText(), password: passwordSchema });

export type UserDto = {
  id: string;
  email: string;
  name: string;
  role: z.infer<typeof roleSchema>;
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};
