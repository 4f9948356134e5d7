import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length } from 'class-validator';

export class OperatorLoginRequestDto {
  @ApiProperty({ example: 'ops@townhall.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1000)
  password: string;
}

export class OperatorSessionResponseDto {
  @ApiProperty({ description: 'Send as Authorization: Bearer <token>' })
  token: string;

  @ApiProperty()
  expiresAt: string;
}
