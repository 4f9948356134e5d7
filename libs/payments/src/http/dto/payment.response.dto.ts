import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_METHODS, PAYMENT_STATUSES, type PaymentEntity } from '../../domain/payment.entity.js';

export class PaymentCallbackResponseDto {
  @ApiProperty({ enum: ['accepted', 'duplicate', 'out-of-order'], description: 'What became of this copy' })
  verdict: string;
}

/** A payment as its payer sees it (for polling after the return from the gateway). */
export class PaymentResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: PAYMENT_STATUSES })
  status: string;

  @ApiProperty({ description: 'Integer minor units' })
  amount: number;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS, nullable: true })
  method: string | null;

  @ApiProperty()
  expiresAt: string;

  @ApiPropertyOptional({ nullable: true })
  paidAt: string | null;

  @ApiPropertyOptional({ nullable: true })
  receiptNumber: string | null;

  static of(p: PaymentEntity): PaymentResponseDto {
    return {
      id: p.id,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      method: p.method,
      expiresAt: p.expiresAt.toISOString(),
      paidAt: p.paidAt?.toISOString() ?? null,
      receiptNumber: p.receiptNumber,
    };
  }
}
