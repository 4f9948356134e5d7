import { Injectable } from '@nestjs/common';
import { OperatorsRepository } from './operators.repository.js';
import { hashPassword } from './password-hasher.js';

export class OperatorInputError extends Error {}

/** Makes (or re-enables with a new password) a bootstrap operator account. */
@Injectable()
export class CreateOperatorUseCase {
  constructor(private readonly operators: OperatorsRepository) {}

  async execute(input: { email: string; displayName: string; password: string }): Promise<{ created: boolean }> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw new OperatorInputError(`--email: ${input.email} is not an e-mail address`);
    if (input.password.length < 12) throw new OperatorInputError('password: must be at least 12 characters');
    if (!input.displayName.trim()) throw new OperatorInputError('--name: must not be empty');
    const existing = await this.operators.findByEmail(email);
    await this.operators.save({
      ...(existing ? { id: existing.id } : {}),
      email,
      displayName: input.displayName.trim(),
      passwordHash: await hashPassword(input.password),
      disabledAt: null,
    });
    return { created: !existing };
  }
}
